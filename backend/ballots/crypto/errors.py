"""The one exception of the ballot cryptography: a machine code and a Vietnamese message.

The domain maps it to an RFC 9457 problem (422) later; the codes are part of the shared vectors,
so the JavaScript verifier names the same failure."""

from __future__ import annotations

MESSAGES = {
    "bad_encoding": (
        "Dữ liệu mã hoá không đúng định dạng (cần 64 chữ số thập lục phân viết thường)."
    ),
    "non_canonical_scalar": "Một số vô hướng không ở dạng chuẩn (phải nhỏ hơn bậc của nhóm).",
    "bad_point": (
        "Một điểm của đường cong không hợp lệ, không thuộc nhóm con cấp nguyên tố"
        " hoặc là phần tử đơn vị."
    ),
    "wrong_shape": (
        "Phiếu không đúng cấu trúc (số bản mã hoặc số chứng minh không khớp với cuộc bỏ phiếu)."
    ),
    "bad_choice": "Lựa chọn trên phiếu không hợp lệ theo quy tắc của cuộc bỏ phiếu.",
    "bad_bit_proof": "Chứng minh rằng một ô của phiếu chỉ mang giá trị 0 hoặc 1 không hợp lệ.",
    "bad_range_proof": "Chứng minh về số lựa chọn trên phiếu không hợp lệ.",
    "bad_reveal": "Phiếu kiểm tra không khớp với các lựa chọn và số ngẫu nhiên đã công bố.",
    "bad_decryption_proof": (
        "Chứng minh giải mã từng phần của thành viên ban kiểm phiếu không hợp lệ."
    ),
    "bad_key_proof": "Chứng minh nắm giữ khoá bí mật không hợp lệ.",
    "not_enough_shares": "Chưa đủ số thành viên ban kiểm phiếu cần thiết để giải mã tổng.",
    "no_discrete_log": "Không tìm được kết quả kiểm phiếu trong phạm vi số phiếu đã bỏ.",
}


class BallotCryptoError(ValueError):
    """Refused input: ``code`` names the failure, ``message`` says it in Vietnamese."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.message = MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)
