"""Generated Vietnamese documents for the documents benchmarks (deterministic for a seed).

Titles and bodies are assembled from phrases of real Party administrative language, so word
frequencies look like a register's: a few words everywhere ("đảng", "công tác"), many rare.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

TYPES = [
    ("NQ", "Nghị quyết"),
    ("KH", "Kế hoạch"),
    ("BC", "Báo cáo"),
    ("CV", "Công văn"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("KL", "Kết luận"),
    ("TTr", "Tờ trình"),
    ("CTr", "Chương trình"),
]
ISSUERS = [
    ("TU", "Tỉnh ủy"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy"),
    ("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("ĐU", "Đảng ủy các cơ quan Đảng tỉnh"),
    ("ThU", "Thành ủy Bắc Ninh"),
    ("HU", "Huyện ủy Tiên Du"),
]
TOPICS = [
    "công tác xây dựng Đảng",
    "chuyển đổi số trong các cơ quan đảng",
    "kiểm tra, giám sát và thi hành kỷ luật đảng",
    "công tác tổ chức cán bộ",
    "phát triển đảng viên mới",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác dân vận của hệ thống chính trị",
    "cải cách hành chính trong các cơ quan đảng",
    "chuẩn bị đại hội đảng bộ các cấp",
    "công tác thi đua, khen thưởng",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "phòng, chống tham nhũng, tiêu cực",
    "công tác tuyên giáo",
    "sinh hoạt chi bộ định kỳ",
    "quản lý hồ sơ đảng viên",
    "an toàn, an ninh thông tin",
    "đánh giá, xếp loại chất lượng tổ chức cơ sở đảng",
    "thực hiện quy chế dân chủ ở cơ sở",
    "công tác đối ngoại",
    "tiếp công dân và giải quyết khiếu nại, tố cáo",
]
PLACES = [
    "trên địa bàn tỉnh",
    "trong Đảng bộ tỉnh",
    "tại các chi bộ trực thuộc",
    "ở cơ sở",
    "trong các cơ quan tham mưu, giúp việc Tỉnh ủy",
    "tại thành phố Bắc Ninh",
    "của Mặt trận Tổ quốc và các đoàn thể",
]
VERBS = [
    "triển khai thực hiện",
    "sơ kết",
    "tổng kết",
    "tăng cường",
    "đẩy mạnh",
    "nâng cao chất lượng",
    "đổi mới",
    "kiện toàn",
    "rà soát",
    "hướng dẫn",
]
SENTENCES = [
    "Các cấp ủy, tổ chức đảng quán triệt sâu sắc quan điểm, mục tiêu, nhiệm vụ đã đề ra.",
    "Người đứng đầu cấp ủy chịu trách nhiệm trực tiếp về kết quả thực hiện.",
    "Định kỳ sáu tháng báo cáo kết quả về Ban Thường vụ Tỉnh ủy qua Văn phòng Tỉnh ủy.",
    "Tăng cường ứng dụng công nghệ thông tin, hạn chế tối đa văn bản giấy.",
    "Phát huy vai trò tiên phong, gương mẫu của cán bộ, đảng viên.",
    "Kịp thời phát hiện, biểu dương các điển hình tiên tiến, cách làm hay.",
    "Bảo đảm kinh phí, cơ sở vật chất phục vụ nhiệm vụ được giao.",
    "Chú trọng công tác kiểm tra, giám sát, đôn đốc việc thực hiện.",
    "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng.",
    "Đẩy mạnh tuyên truyền để cán bộ, đảng viên và Nhân dân đồng thuận.",
    "Xây dựng cơ sở dữ liệu dùng chung, kết nối liên thông với các cơ quan nhà nước.",
    "Hoàn thành việc số hóa hồ sơ, tài liệu lưu trữ trước năm 2028.",
    "Các huyện ủy, thị ủy, thành ủy xây dựng kế hoạch cụ thể để triển khai.",
    "Đề nghị các đồng chí Ủy viên Ban Thường vụ theo dõi, chỉ đạo địa bàn phụ trách.",
    "Ban Tổ chức Tỉnh ủy chủ trì, phối hợp hướng dẫn quy trình nhân sự.",
    "Ủy ban Kiểm tra Tỉnh ủy tăng cường giám sát thường xuyên.",
]
SIGNERS = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Minh Đức",
    "Phạm Thu Hà",
    "Hoàng Văn Nam",
    "Huỳnh Thị Hằng",
    "Đỗ Quang Vinh",
    "Vũ Thị Ngọc Ánh",
]
URGENCY = ["thuong"] * 14 + ["khan"] * 3 + ["thuong_khan", "hoa_toc"]


def generate(n: int, seed: int = 2026) -> list[dict]:
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    docs = []
    for i in range(n):
        loai, loai_label = rng.choice(TYPES)
        issuer, issuer_name = rng.choice(ISSUERS)
        so = rng.randint(1, 999)
        title = f"{rng.choice(VERBS).capitalize()} {rng.choice(TOPICS)} {rng.choice(PLACES)}"
        if rng.random() < 0.3:
            title += f" năm {rng.randint(2021, 2027)}"
        body = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(6, 14)))
        docs.append(
            {
                "ky_hieu": f"{so}-{loai}/{issuer}",
                "so": so,
                "loai": loai,
                "loai_label": loai_label,
                "co_quan_ban_hanh": issuer_name,
                "ngay_ban_hanh": start + timedelta(days=rng.randint(0, 2150)),
                "trich_yeu": title,
                "nguoi_ky": rng.choice(SIGNERS),
                "do_khan": URGENCY[i % len(URGENCY)],
                "body": body,
            }
        )
    return docs
