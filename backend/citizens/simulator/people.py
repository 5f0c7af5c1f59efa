"""The simulator's test citizens. Made up: the numbers follow the shape of a số định danh
(12 digits: province code, century and sex, year, serial) but belong to nobody."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestCitizen:
    pid: str
    full_name: str
    birth_date: str  # dd/MM/yyyy, as VNeID sends it
    account_level: int
    province: str = ""
    commune: str = ""

    def claims(self) -> dict:
        found = {
            "citizenPid": self.pid,
            "fullName": self.full_name,
            "birthDate": self.birth_date,
            "accountType": "CONG_DAN",
            "accountLevel": self.account_level,
        }
        if self.province:
            found["province"] = self.province
        if self.commune:
            found["commune"] = self.commune
        return found


TEST_CITIZENS: tuple[TestCitizen, ...] = (
    TestCitizen(
        "027186004213", "Nguyễn Thị Thu Hà", "12/03/1986", 2, "Bắc Ninh", "Phường Kinh Bắc"
    ),
    TestCitizen("027095007731", "Trần Văn Đức", "05/11/1995", 2, "Bắc Ninh", "Xã Tiên Du"),
    TestCitizen("027152008846", "Lê Văn Hùng", "21/07/1952", 2, "Bắc Ninh", "Phường Từ Sơn"),
    TestCitizen("027203001597", "Phạm Ngọc Ánh", "30/01/2003", 2, "Bắc Ninh", ""),
    TestCitizen("027178009062", "Đỗ Minh Khôi", "14/09/1978", 1, "Bắc Ninh", "Xã Gia Bình"),
)
