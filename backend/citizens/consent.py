"""The consent notice under Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (and Nghị định 356/2025),
shown to a citizen before his first comment. Versioned: a new text gets a new ``VERSION``, and
every citizen is asked again (``CitizenKeys.require_consent`` compares the stored version)."""

from __future__ import annotations

from shared.citizens import ConsentNotice, ConsentSection

VERSION = "2026-12-1"
TITLE = "Thông báo xử lý dữ liệu cá nhân khi góp ý dự thảo văn kiện"

SECTIONS: tuple[ConsentSection, ...] = (
    ConsentSection(
        heading="Bên kiểm soát và xử lý dữ liệu",
        paragraphs=[
            "Văn phòng Tỉnh ủy là bên kiểm soát và xử lý dữ liệu cá nhân của bạn trên ứng dụng "
            "Đảng bộ số, theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định "
            "356/2025/NĐ-CP.",
        ],
    ),
    ConsentSection(
        heading="Dữ liệu được xử lý",
        paragraphs=[
            "Khi bạn đăng nhập bằng VNeID, ứng dụng nhận số định danh cá nhân, họ tên, ngày "
            "sinh và mức định danh tài khoản của bạn.",
            "Ứng dụng không lưu số định danh cá nhân: chỉ lưu một mã băm có khóa của số này để "
            "bảo đảm mỗi người chỉ có một tài khoản. Ứng dụng không lưu ngày sinh, chỉ lưu nhóm "
            "tuổi. Họ tên được mã hóa bằng một khóa riêng của bạn. Ứng dụng không lưu ảnh căn "
            "cước.",
            "Ý kiến góp ý có thể thể hiện quan điểm chính trị, là dữ liệu cá nhân nhạy cảm. Ý "
            "kiến được lưu kèm một bí danh riêng cho từng đợt lấy ý kiến, nhóm tuổi, tỉnh và "
            "xã/phường của bạn (nếu VNeID cung cấp), không kèm họ tên hay số định danh.",
        ],
    ),
    ConsentSection(
        heading="Mục đích",
        paragraphs=[
            "Xác thực mỗi công dân chỉ góp ý bằng một tài khoản; tiếp nhận, tổng hợp, giải "
            "trình ý kiến góp ý dự thảo văn kiện; thống kê ý kiến theo nhóm tuổi và địa bàn.",
            "Công chúng chỉ thấy bí danh của bạn (ví dụ “Người góp ý 7Q4K-2M9P”), không bao giờ "
            "thấy họ tên hay số định danh.",
        ],
    ),
    ConsentSection(
        heading="Quyền của bạn",
        paragraphs=[
            "Bạn có quyền xem và tải về toàn bộ dữ liệu ứng dụng giữ về bạn, rút lại ý kiến "
            "trong thời gian lấy ý kiến, và yêu cầu xóa dữ liệu (mục “Dữ liệu của tôi”).",
            "Khi xóa, khóa riêng của bạn bị hủy: họ tên đã mã hóa và mối liên hệ giữa bạn với "
            "các ý kiến không thể khôi phục. Nội dung ý kiến có thể được giữ lại dưới dạng ẩn "
            "danh nếu quy chế của đợt lấy ý kiến quy định như vậy.",
            "Bạn có thể không đồng ý: khi đó bạn vẫn đọc được dự thảo nhưng không gửi được góp ý.",
        ],
    ),
    ConsentSection(
        heading="Thời gian lưu trữ",
        paragraphs=[
            "Dữ liệu được lưu đến khi bạn yêu cầu xóa, hoặc đến khi hồ sơ đợt lấy ý kiến hết "
            "thời hạn lưu trữ theo quy định.",
        ],
    ),
)


def notice(accepted_version: str = "", accepted_at=None) -> ConsentNotice:
    accepted = accepted_version == VERSION
    return ConsentNotice(
        version=VERSION,
        title=TITLE,
        sections=list(SECTIONS),
        accepted=accepted,
        accepted_at=accepted_at if accepted else None,
    )
