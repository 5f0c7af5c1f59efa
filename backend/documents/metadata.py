"""Reading the ``metadata`` field of the register form: JSON into
:class:`shared.documents.DocumentMetadata`, with the độ mật as people write it.

``do_mat`` takes the contract's values (``khong``, ``mat``, ``toi_mat``, ``tuyet_mat``), and
also what a clerk or another system types: ``MẬT``, ``tuyệt mật``, ``Tối-mật``, ``không``. A
classification written so is the same classification: it reaches the gate and is refused and
audited like the typed one, never answered with an English "Invalid enum value". Absent (or
null), the question is unanswered: enough for a file whose text the gate can read, not for a
scan (:mod:`backend.documents.gate`).
"""

from __future__ import annotations

import msgspec

from backend.core.problems import Problem
from backend.core.requests import refuse_nul
from backend.core.text import fold
from backend.documents.classification import find_marking
from backend.documents.lookalikes import as_read
from shared.documents import DocumentMetadata, DoMat

_BY_MARKING = {"MẬT": DoMat.MAT, "TỐI MẬT": DoMat.TOI_MAT, "TUYỆT MẬT": DoMat.TUYET_MAT}
DO_MAT_CHOICES = "không, mật, tối mật hoặc tuyệt mật"


def do_mat_of(value: str) -> DoMat | None:
    """The classification a free-text ``do_mat`` states, or None when it states none."""
    if value in DoMat.__members__.values():
        return DoMat(value)
    marking = find_marking(value)
    if marking:
        return _BY_MARKING[marking]
    words = fold(as_read(value)).replace("_", " ").replace("-", " ").split()
    if "mat" in words:
        if "khong" in words:
            return DoMat.KHONG
        if "tuyet" in words:
            return DoMat.TUYET_MAT
        if "toi" in words:
            return DoMat.TOI_MAT
        return DoMat.MAT
    if words in (["khong"], ["thuong"]):
        return DoMat.KHONG
    return None


def answered_do_mat(value: str | None) -> DoMat | None:
    """The answer to the độ mật question sent beside an upload (a form field): None when not
    answered, a 422 when it states no classification."""
    if not value:
        return None
    answer = do_mat_of(value)
    if answer is None:
        raise Problem(
            422, f"Độ mật “{value}” không rõ: hãy chọn {DO_MAT_CHOICES}.", code="invalid_metadata"
        )
    return answer


def read_metadata(raw: str) -> DocumentMetadata:
    """The form's metadata; a 400 for JSON that is not an object, a 422 naming what is wrong."""
    try:
        value = msgspec.json.decode(raw.encode())
    except msgspec.DecodeError:
        raise Problem(
            400, "Trường metadata phải là JSON hợp lệ.", code="invalid_metadata"
        ) from None
    if not isinstance(value, dict):
        raise Problem(400, "Trường metadata phải là một đối tượng JSON.", code="invalid_metadata")
    refuse_nul(value)  # multipart forms bypass the JSON body check
    if isinstance(value.get("do_mat"), str):
        stated = do_mat_of(value["do_mat"])
        if stated is None:
            raise Problem(
                422,
                f"Độ mật “{value['do_mat']}” không rõ: hãy chọn {DO_MAT_CHOICES}.",
                code="invalid_metadata",
            )
        value["do_mat"] = stated.value
    try:
        return msgspec.convert(value, DocumentMetadata)
    except msgspec.ValidationError as exc:
        raise Problem(
            422, f"Thông tin văn bản không hợp lệ: {exc}", code="invalid_metadata"
        ) from None
