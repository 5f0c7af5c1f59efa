"""Demo documents for ``dangbo seed-demo``: a small, believable register of the Văn phòng Tỉnh
ủy, written for this project (numbers and names are fictional), with PDFs rendered at seed time.

The văn thư (``vanthu``) registers them, the lãnh đạo (``lanhdao``) assigns them to the cán bộ
(``canbo``), who has started on one and drafted an outgoing report now waiting for signature:
a draft in the app's own layout, whose số and ngày ban hành are the form fields the văn thư
fills when he releases it after the lãnh đạo has signed (no number before).
Everything goes through the services, so timelines, audit records, search and notifications
are what real use would have made. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backend.accounts.identity import Actor, Client
from backend.accounts.lookup import actor_for
from backend.core.clock import today
from backend.core.services import Services
from backend.documents.outgoing import Outgoing
from backend.documents.pdfgen import PartyDocument, render
from backend.documents.registration import Registration
from backend.documents.tables import Document
from backend.documents.workflow import Workflow
from shared.documents import AssignRequest, Direction, DocumentMetadata, DoKhan

SEED_CLIENT = Client(ip="", user_agent="seed-demo")
STAMPS = {DoKhan.HOA_TOC: "HỎA TỐC", DoKhan.THUONG_KHAN: "THƯỢNG KHẨN", DoKhan.KHAN: "KHẨN"}


@dataclass
class DemoDocument:
    so_ky_hieu: str
    co_quan: str  # as printed in the header
    co_quan_ban_hanh: str
    loai_in: str  # the type line, upper case
    trich_yeu: str
    paragraphs: list[str]
    chuc_vu: str
    nguoi_ky: str
    do_khan: DoKhan
    days_ago: int
    deadline_days: int | None
    assign: str | None  # "main" | "reader" | None (left for the leader)
    instruction: str = ""


DEMO: list[DemoDocument] = [
    DemoDocument(
        so_ky_hieu="215-CV/BTCTU",
        co_quan="BAN TỔ CHỨC",
        co_quan_ban_hanh="Ban Tổ chức Tỉnh ủy",
        loai_in="CÔNG VĂN",
        trich_yeu="V/v rà soát, cập nhật dữ liệu đảng viên trên Hệ thống thông tin quản lý "
        "đảng viên trước ngày 05 tháng 12",
        paragraphs=[
            "Kính gửi: Văn phòng Tỉnh ủy.",
            "Thực hiện chỉ đạo của Thường trực Tỉnh ủy về việc hoàn thiện cơ sở dữ liệu đảng "
            "viên phục vụ công tác chuẩn bị hội nghị Ban Chấp hành Đảng bộ tỉnh, Ban Tổ chức "
            "Tỉnh ủy đề nghị Văn phòng Tỉnh ủy chỉ đạo các chi bộ trực thuộc rà soát, cập nhật "
            "đầy đủ, chính xác thông tin đảng viên trên Hệ thống thông tin quản lý đảng viên.",
            "Nội dung rà soát gồm: thông tin lý lịch, trình độ lý luận chính trị, chức vụ, kết "
            "quả đánh giá, xếp loại chất lượng đảng viên năm 2025; đảng viên chuyển sinh hoạt "
            "đảng trong năm 2026.",
            "Kết quả rà soát gửi về Ban Tổ chức Tỉnh ủy (qua Phòng Tổ chức đảng, đảng viên) "
            "trước ngày 05 tháng 12 để tổng hợp, báo cáo Thường trực Tỉnh ủy.",
        ],
        chuc_vu="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        nguoi_ky="Đỗ Thị Thu Hương",
        do_khan=DoKhan.HOA_TOC,
        days_ago=1,
        deadline_days=2,
        assign="main",
        instruction="Giao đồng chí Đức chủ trì, phối hợp các chi bộ rà soát, báo cáo kết quả "
        "trước ngày 04/12.",
    ),
    DemoDocument(
        so_ky_hieu="37-TB/TU",
        co_quan="TỈNH ỦY",
        co_quan_ban_hanh="Tỉnh ủy Bắc Ninh",
        loai_in="THÔNG BÁO",
        trich_yeu="Kết luận của Thường trực Tỉnh ủy về công tác chuẩn bị Hội nghị Ban Chấp "
        "hành Đảng bộ tỉnh lần thứ năm",
        paragraphs=[
            "Ngày 24 tháng 11 năm 2026, Thường trực Tỉnh ủy họp nghe Văn phòng Tỉnh ủy báo cáo "
            "công tác chuẩn bị Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm. Sau khi nghe "
            "báo cáo và ý kiến của các đại biểu dự họp, Thường trực Tỉnh ủy kết luận như sau:",
            "1. Văn phòng Tỉnh ủy chủ trì, phối hợp với các cơ quan tham mưu, giúp việc Tỉnh ủy "
            "hoàn thiện chương trình, nội dung hội nghị; chuẩn bị tài liệu điện tử trên ứng "
            "dụng Đảng bộ số, hạn chế tối đa tài liệu giấy.",
            "2. Ban Tuyên giáo và Dân vận Tỉnh ủy chuẩn bị nội dung thông tin tuyên truyền về "
            "kết quả hội nghị.",
            "3. Các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh nghiên cứu kỹ tài liệu, chuẩn bị "
            "ý kiến tham gia vào các dự thảo báo cáo trình hội nghị.",
        ],
        chuc_vu="T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG",
        nguoi_ky="Trần Quốc Tuấn",
        do_khan=DoKhan.THUONG_KHAN,
        days_ago=2,
        deadline_days=4,
        assign="main",
        instruction="Đồng chí Đức tham mưu kế hoạch chuẩn bị tài liệu điện tử cho hội nghị.",
    ),
    DemoDocument(
        so_ky_hieu="45-KH/TU",
        co_quan="TỈNH ỦY",
        co_quan_ban_hanh="Tỉnh ủy Bắc Ninh",
        loai_in="KẾ HOẠCH",
        trich_yeu="Triển khai ứng dụng Sổ tay đảng viên điện tử trong Đảng bộ tỉnh năm 2027",
        paragraphs=[
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Đưa Sổ tay đảng viên điện tử đến 100% đảng viên trong Đảng bộ tỉnh, giúp đảng viên "
            "tra cứu văn kiện, nghị quyết, tham gia sinh hoạt chi bộ và học tập trên thiết bị "
            "di động, mọi lúc, mọi nơi.",
            "II. NHIỆM VỤ, GIẢI PHÁP",
            "1. Văn phòng Tỉnh ủy chủ trì triển khai hạ tầng, cấp tài khoản và hướng dẫn sử "
            "dụng cho các tổ chức cơ sở đảng.",
            "2. Ban Tổ chức Tỉnh ủy đồng bộ dữ liệu đảng viên; Ban Tuyên giáo và Dân vận Tỉnh ủy "
            "cập nhật tài liệu học tập, sinh hoạt chuyên đề.",
            "III. TỔ CHỨC THỰC HIỆN",
            "Các cấp ủy trực thuộc Tỉnh ủy xây dựng kế hoạch cụ thể, báo cáo kết quả về Ban "
            "Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 15 tháng 12 hằng năm.",
        ],
        chuc_vu="T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ",
        nguoi_ky="Nguyễn Thị Mai",
        do_khan=DoKhan.KHAN,
        days_ago=3,
        deadline_days=10,
        assign="main",
        instruction="Đề nghị đồng chí nghiên cứu, tham mưu văn bản triển khai tại cơ quan.",
    ),
    DemoDocument(
        so_ky_hieu="09-NQ/TU",
        co_quan="TỈNH ỦY",
        co_quan_ban_hanh="Tỉnh ủy Bắc Ninh",
        loai_in="NGHỊ QUYẾT",
        trich_yeu="Về đẩy mạnh chuyển đổi số trong các cơ quan đảng, Mặt trận Tổ quốc và các "
        "tổ chức chính trị - xã hội tỉnh giai đoạn 2026 - 2030",
        paragraphs=[
            "I. TÌNH HÌNH",
            "Những năm qua, công tác ứng dụng công nghệ thông tin trong các cơ quan đảng của "
            "tỉnh đạt nhiều kết quả; hạ tầng kỹ thuật từng bước được đầu tư; văn bản không mật "
            "được gửi, nhận trên môi trường mạng.",
            "II. MỤC TIÊU",
            "Đến năm 2030, 100% văn bản không mật được ký số, gửi, nhận, xử lý trên môi trường "
            "số và có thể xử lý trên thiết bị di động; 100% đảng viên sử dụng Sổ tay đảng viên "
            "điện tử.",
            "III. NHIỆM VỤ, GIẢI PHÁP",
            "Nâng cao nhận thức, trách nhiệm của cấp ủy, người đứng đầu; hoàn thiện thể chế; "
            "phát triển hạ tầng số, dữ liệu số; bảo đảm an toàn, an ninh thông tin.",
        ],
        chuc_vu="T/M TỈNH ỦY\nBÍ THƯ",
        nguoi_ky="Lê Văn Thành",
        do_khan=DoKhan.THUONG,
        days_ago=6,
        deadline_days=20,
        assign="reader",
    ),
    DemoDocument(
        so_ky_hieu="102-BC/BTGDVTU",
        co_quan="BAN TUYÊN GIÁO VÀ DÂN VẬN",
        co_quan_ban_hanh="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        loai_in="BÁO CÁO",
        trich_yeu="Tình hình tư tưởng cán bộ, đảng viên và Nhân dân trong tỉnh tháng 11 năm 2026",
        paragraphs=[
            "1. Tình hình tư tưởng cán bộ, đảng viên: cán bộ, đảng viên tin tưởng vào sự lãnh "
            "đạo của Đảng; quan tâm đến việc triển khai các ứng dụng số phục vụ công tác đảng.",
            "2. Tình hình Nhân dân: Nhân dân phấn khởi trước kết quả phát triển kinh tế - xã "
            "hội; quan tâm đến việc lấy ý kiến góp ý dự thảo văn kiện trên môi trường số.",
            "3. Kiến nghị, đề xuất: tiếp tục đẩy mạnh tuyên truyền về chuyển đổi số.",
        ],
        chuc_vu="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        nguoi_ky="Phạm Văn Long",
        do_khan=DoKhan.THUONG,
        days_ago=0,
        deadline_days=None,
        assign=None,
    ),
]

DRAFT_TRICH_YEU = "Kết quả triển khai ứng dụng số tại Văn phòng Tỉnh ủy năm 2026"
DRAFT_PARAGRAPHS = [
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "Năm 2026, Văn phòng Tỉnh ủy đưa vào sử dụng ứng dụng Đảng bộ số cho cán bộ, đảng viên; "
    "100% văn bản đến không mật được vào sổ, phân công và xử lý trên ứng dụng; thời gian xử "
    "lý trung bình một văn bản giảm từ 3,5 ngày xuống 1,2 ngày.",
    "II. HẠN CHẾ, NGUYÊN NHÂN",
    "Một số cán bộ lớn tuổi còn lúng túng khi sử dụng khóa truy cập (passkey) trên điện thoại.",
    "III. PHƯƠNG HƯỚNG NĂM 2027",
    "Mở rộng ký số trên thiết bị di động cho toàn bộ văn bản đi không mật; tổ chức tập huấn "
    "định kỳ hằng quý.",
]


def _pdf(doc: DemoDocument, issued: date) -> bytes:
    return render(
        PartyDocument(
            cap_tren="ĐẢNG BỘ TỈNH BẮC NINH",
            co_quan=doc.co_quan,
            so_ky_hieu=doc.so_ky_hieu,
            noi_ban_hanh="Bắc Ninh",
            ngay=issued,
            loai=doc.loai_in,
            trich_yeu=doc.trich_yeu,
            paragraphs=doc.paragraphs,
            chuc_vu=doc.chuc_vu,
            nguoi_ky=doc.nguoi_ky,
            noi_nhan=["- Như trên,", "- Lưu Văn phòng."],
            do_khan=STAMPS.get(doc.do_khan, ""),
        )
    )


async def _actor(username: str) -> Actor | None:
    actor = await actor_for(username)
    return actor.coming_from(SEED_CLIENT) if actor else None


async def seed_documents(services: Services) -> dict[str, int]:
    clerk = await _actor("vanthu")
    leader = await _actor("lanhdao")
    cadre = await _actor("canbo")
    if clerk is None or leader is None or cadre is None:
        return {"documents": 0}
    already = await Document.exists().where(
        (Document.organisation == clerk.organisation_id) & (Document.ky_hieu == DEMO[0].so_ky_hieu)
    )
    if already:
        return {"documents": 0}
    registration = services.get(Registration)
    workflow = services.get(Workflow)
    day = today()
    created = 0
    for demo in DEMO:
        issued = day - timedelta(days=demo.days_ago + 1)
        pdf = _pdf(demo, issued)
        meta = DocumentMetadata(
            direction=Direction.DEN,
            so_ky_hieu=demo.so_ky_hieu,
            co_quan_ban_hanh=demo.co_quan_ban_hanh,
            ngay_ban_hanh=issued,
            trich_yeu=demo.trich_yeu,
            nguoi_ky=demo.nguoi_ky,
            do_khan=demo.do_khan,
            han_xu_ly=day + timedelta(days=demo.deadline_days) if demo.deadline_days else None,
        )
        filename = demo.so_ky_hieu.replace("/", "-") + ".pdf"
        doc = await registration.register(clerk, meta, pdf, filename)
        created += 1
        if demo.assign == "main":
            await workflow.assign(
                leader,
                doc.id,
                AssignRequest(
                    main_handler_id=cadre.id,
                    instruction=demo.instruction,
                    deadline=meta.han_xu_ly,
                ),
            )
        elif demo.assign == "reader":
            await workflow.assign(
                leader, doc.id, AssignRequest(main_handler_id=leader.id, reader_ids=[cadre.id])
            )
        if demo.so_ky_hieu == "37-TB/TU":
            await workflow.add_opinion(
                cadre,
                doc.id,
                "Đề xuất số hóa toàn bộ tài liệu hội nghị, gửi đại biểu qua ứng dụng trước 03 "
                "ngày; bố trí cán bộ hỗ trợ kỹ thuật tại hội trường.",
            )
    draft_pdf = render(
        PartyDocument(
            cap_tren="TỈNH ỦY BẮC NINH",
            co_quan="VĂN PHÒNG",
            so_ky_hieu="",
            noi_ban_hanh="Bắc Ninh",
            ngay=None,
            loai="BÁO CÁO",
            trich_yeu=DRAFT_TRICH_YEU,
            paragraphs=DRAFT_PARAGRAPHS,
            chuc_vu="K/T CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG",
            nguoi_ky=leader.full_name,
        )
    )
    draft = await registration.register(
        cadre,
        DocumentMetadata(direction=Direction.DI, loai="BC", trich_yeu=DRAFT_TRICH_YEU),
        draft_pdf,
        "bao-cao-ung-dung-so-2026.pdf",
    )
    await services.get(Outgoing).submit(cadre, draft.id)
    return {"documents": created + 1}
