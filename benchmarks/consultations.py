"""Consultations benchmarks: the synthesis of 100,000 comments (dedupe, cluster, counts), the
intake of comments and the reading of a unit's comments (``consultations_load.py``).

    .venv/bin/python -m benchmarks.consultations synthesis [--backend sqlite|postgres]
                                                           [--comments 100000] [--units 60]
    .venv/bin/python -m benchmarks.consultations intake [--duration 60] [--connections 50]
                                                        [--citizens 3000]
    .venv/bin/python -m benchmarks.consultations read [--duration 30] [--connections 50]
                                                      [--comments 5000]

A throw-away database (``benchmarks/documents_setup.bench_database``) gets a draft of
``--units`` units, a consultation and ``--comments`` generated Vietnamese comments from
20,000 authors: on each unit a few subjects written many ways (phrases drawn from a bank per
subject, so the themes are there to be found, with everyday words between them), plus
campaigns (three templates sent 3,000 times each, one word in four of the copies edited), a
few hundred votes per unit. Then, as an editor, the synthesis service's ``build`` (the same
call ``GET /api/consultations/{id}/synthesis`` makes: the queries, the grouping, TF-IDF and
k-means per unit, the per-unit figures) runs ``--rounds`` times; the pure computation
(``compute``) is timed apart, and so, as the baseline, is reading the comments' rows alone.

Prints wall times (median of the rounds), the build's CPU time (what a busy neighbour moves
least) and the process's peak resident memory (``ru_maxrss``,
the rows held included), and checks the campaigns were found (each counted once). Targets:
under 60 s and under 2 GB. Exit status 1 when a target or a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from benchmarks.documents_setup import bench_database, current_user, make_org_and_user

SUBJECTS = [
    ["tăng đầu tư", "giáo dục", "vùng cao", "giáo viên", "trường học", "học sinh nghèo"],
    ["thủ tục hành chính", "cải cách", "một cửa", "dịch vụ công trực tuyến", "cán bộ"],
    ["môi trường", "rác thải", "nước thải", "khu công nghiệp", "ô nhiễm", "trồng rừng"],
    ["y tế cơ sở", "bệnh viện tuyến huyện", "bảo hiểm y tế", "bác sĩ", "trạm y tế xã"],
    ["kinh tế số", "chuyển đổi số", "doanh nghiệp nhỏ", "thương mại điện tử", "hạ tầng mạng"],
    ["nông nghiệp", "hợp tác xã", "giá nông sản", "tiêu thụ sản phẩm", "nông thôn mới"],
    ["xây dựng Đảng", "đảng viên trẻ", "chi bộ", "sinh hoạt", "kỷ luật", "nêu gương"],
    ["giao thông", "đường liên xã", "cầu dân sinh", "an toàn giao thông", "quy hoạch"],
]
OPENERS = ["Đề nghị", "Tôi kiến nghị", "Cần", "Nên", "Dự thảo cần", "Kiến nghị tỉnh", ""]
LINKS = ["cho", "về", "đối với", "tại", "ở", "và", "nhằm", "để"]
CLOSERS = ["", "ạ", "trong nhiệm kỳ tới", "cho bà con", "một cách cụ thể", "hơn nữa"]
CAMPAIGNS = [
    "Đề nghị bổ sung chỉ tiêu về phát triển kinh tế số và hạ tầng mạng cho các xã vùng cao",
    "Chúng tôi đề nghị giữ nguyên tên gọi và địa giới của xã như hiện nay, không sáp nhập thêm",
    "Kiến nghị tăng mức hỗ trợ cho người có công và hộ nghèo trong dự thảo báo cáo chính trị",
]
# Everyday words a comment carries beside its subject (so that two comments on one subject
# share their subject's words, not their whole text).
FILLER = """bà con nhân dân địa phương thực tế hiện nay những năm qua còn nhiều khó khăn
chưa đáp ứng yêu cầu cần phải sớm có giải pháp cụ thể kịp thời phù hợp với điều kiện của
từng xã phường thôn bản tổ dân phố người lao động thanh niên phụ nữ hội cựu chiến binh
mặt trận tổ quốc chính quyền các cấp sở ngành huyện tỉnh trung ương nguồn lực ngân sách
xã hội hóa kiểm tra giám sát đánh giá tổng kết rút kinh nghiệm lâu dài bền vững hiệu quả
minh bạch công khai trách nhiệm người đứng đầu quyết liệt đồng bộ thống nhất""".split()
CAMPAIGN_COPIES = 3000
AUTHORS = 20_000


def generate(n: int, units: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(unit key, author token, text) for ``n`` comments."""
    tokens = [secrets.token_hex(32) for _ in range(AUTHORS)]
    out: list[tuple[str, str, str]] = []
    for c, template in enumerate(CAMPAIGNS):
        unit = f"u{1 + c * 7 % units}"
        words = template.split()
        for _ in range(min(CAMPAIGN_COPIES, n // 10)):
            copy = list(words)
            if rng.random() < 0.25:
                copy[rng.randrange(len(copy))] = rng.choice(["rất", "thêm", "cả", "nữa"])
            out.append((unit, rng.choice(tokens), " ".join(copy)))
    subjects_of = {u: rng.sample(range(len(SUBJECTS)), 3) for u in range(1, units + 1)}
    while len(out) < n:
        unit = rng.randint(1, units)
        subject = SUBJECTS[rng.choice(subjects_of[unit])]
        phrases = rng.sample(subject, rng.randint(2, 4))
        parts = [rng.choice(OPENERS), phrases[0]]
        for p in phrases[1:]:
            parts += [rng.choice(LINKS), p]
        for _ in range(rng.randint(2, 7)):
            at = rng.randrange(1, len(parts) + 1)
            start = rng.randrange(len(FILLER) - 3)
            parts.insert(at, " ".join(FILLER[start : start + rng.randint(1, 3)]))
        if rng.random() < 0.2:
            parts.append(f"(năm {rng.randint(2020, 2030)}, {rng.randint(1, 99)}%)")
        parts.append(rng.choice(CLOSERS))
        out.append((f"u{unit}", rng.choice(tokens), " ".join(p for p in parts if p)))
    rng.shuffle(out)
    return out[:n]


async def load(url: str, n: int, units: int, editor_id: int) -> int:
    from backend.consultations.tables import (
        Comment,
        Consultation,
        Draft,
        DraftUnitRow,
        DraftVersion,
        UnitVote,
    )
    from backend.core.clock import now

    rng = random.Random(20261207)
    stamp = now()
    [draft] = await Draft.insert(
        Draft(title="Dự thảo Báo cáo chính trị (đo tải)", current_version=1,
              next_key=units + 1, created_at=stamp, updated_at=stamp)
    ).returning(Draft.id)  # fmt: skip
    [version] = await DraftVersion.insert(
        DraftVersion(draft=draft["id"], number=1, source="van_ban", source_text="…",
                     published_at=stamp)
    ).returning(DraftVersion.id)  # fmt: skip
    await DraftUnitRow.insert(
        *[
            DraftUnitRow(draft=draft["id"], version=version["id"], unit_key=f"u{i}",
                         anchor=f"{i}", kind="diem", label=f"{i}.", title=f"Điểm thứ {i}",
                         text="", level=1, position=i, content_hash=str(i))
            for i in range(1, units + 1)
        ]
    )  # fmt: skip
    [consultation] = await Consultation.insert(
        Consultation(draft=draft["id"], title="Lấy ý kiến nhân dân (đo tải)",
                     opens_at=stamp - timedelta(days=30), closes_at=stamp + timedelta(days=1),
                     created_by=editor_id, created_at=stamp)
    ).returning(Consultation.id)  # fmt: skip
    cid = consultation["id"]
    start = datetime.now(UTC) - timedelta(days=30)
    comments = generate(n, units, rng)
    batch = 2000
    for i in range(0, len(comments), batch):
        await Comment.insert(
            *[
                Comment(consultation=cid, target="don_vi", unit_key=unit, version_seen=1,
                        author_token=token, age_band=rng.choice(["18_29", "30_44", "45_59"]),
                        province="Bắc Ninh", commune=f"Xã {rng.randint(1, 40)}", text=text,
                        status="hien_thi", created_at=start + timedelta(seconds=25 * (i + j)))
                for j, (unit, token, text) in enumerate(comments[i : i + batch])
            ]
        )  # fmt: skip
    votes = []
    for u in range(1, units + 1):
        for _ in range(300):
            votes.append(
                UnitVote(consultation=cid, unit_key=f"u{u}", author_token=secrets.token_hex(32),
                         choice=rng.choice(["tan_thanh", "khong_tan_thanh"]),
                         created_at=stamp, updated_at=stamp)
            )  # fmt: skip
    for i in range(0, len(votes), batch):
        await UnitVote.insert(*votes[i : i + batch])
    return cid


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def synthesis(args: argparse.Namespace) -> bool:
    async with bench_database(args.backend) as url:
        from backend import db
        from backend.consultations.gathering import visible_comments
        from backend.consultations.synthesis import Synthesis, compute
        from backend.consultations.tables import Comment

        engine = db.create_engine(url)
        await db.start(engine)
        try:
            _, editor_id = await make_org_and_user("DBBENCHGY", "bench-bientap", ["bien_tap"])
            editor = await current_user(editor_id)
            began = time.perf_counter()
            cid = await load(url, args.comments, args.units, editor_id)
            took = time.perf_counter() - began
            print(f"{args.backend}: {args.comments} comments loaded in {took:.0f} s")
            columns = (Comment.id, Comment.unit_key, Comment.author_token, Comment.text)
            reads, computes, builds, cpu = [], [], [], []
            result = None
            for _ in range(args.rounds):
                t = time.perf_counter()
                rows = await visible_comments(cid, *columns)
                reads.append(time.perf_counter() - t)
                t = time.perf_counter()
                compute(rows)
                computes.append(time.perf_counter() - t)
                del rows
                t, c = time.perf_counter(), time.process_time()
                result = await Synthesis().build(editor, cid)
                builds.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
        finally:
            await db.stop(engine)
    assert result is not None
    peak = peak_mib()
    build = statistics.median(builds)
    print(f"read the rows (baseline): {statistics.median(reads):.2f} s")
    print(f"compute (group, cluster, count): {statistics.median(computes):.2f} s")
    print(f"synthesis build (queries + compute): {build:.2f} s "
          f"(rounds: {', '.join(f'{b:.2f}' for b in builds)})")  # fmt: skip
    print(f"synthesis build, CPU time of the process: {statistics.median(cpu):.2f} s")
    print(f"peak resident memory: {peak:.0f} MiB")
    print(f"comments {result.comments}, distinct {result.distinct}, "
          f"campaigns {result.campaigns}, units {len(result.units)}, "
          f"themes {sum(len(u.themes) for u in result.units)}")  # fmt: skip
    ok = True
    if result.comments != args.comments:
        print("FAIL: not every comment counted")
        ok = False
    if args.comments >= 10 * CAMPAIGN_COPIES and result.campaigns < len(CAMPAIGNS):
        print(f"FAIL: {result.campaigns} campaigns found, {len(CAMPAIGNS)} sent")
        ok = False
    if build >= 60:
        print("FAIL: synthesis ≥ 60 s")
        ok = False
    if peak >= 2048:
        print("FAIL: peak memory ≥ 2 GB")
        ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("synthesis")
    one.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    one.add_argument("--comments", type=int, default=100_000)
    one.add_argument("--units", type=int, default=60)
    one.add_argument("--rounds", type=int, default=3)
    take = sub.add_parser("intake")
    take.add_argument("--duration", type=float, default=60)
    take.add_argument("--connections", type=int, default=50)
    take.add_argument("--citizens", type=int, default=3000)
    reading = sub.add_parser("read")
    reading.add_argument("--duration", type=float, default=30)
    reading.add_argument("--connections", type=int, default=50)
    reading.add_argument("--comments", type=int, default=5000)
    args = parser.parse_args(argv)
    if args.what == "synthesis":
        return 0 if asyncio.run(synthesis(args)) else 1
    from benchmarks import consultations_load

    if args.what == "intake":
        from backend.consultations.limits import PER_MINUTE

        failures = asyncio.run(
            consultations_load.intake(args.connections, args.duration, args.citizens, PER_MINUTE)
        )
    else:
        failures = asyncio.run(
            consultations_load.read(args.connections, args.duration, args.comments)
        )
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
