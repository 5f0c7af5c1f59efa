"""Vietnamese text helpers: the one folding that search (on both engines) and usernames use.

``fold`` lower-cases and drops diacritics the way PostgreSQL's ``unaccent`` does, so that the
SQLite index (folded here, in Python) and the PostgreSQL index (folded by ``dangbo_unaccent``)
hold the same words. The table below is every Latin letter ``unaccent`` maps (its
``unaccent.rules``, PostgreSQL 15) — all the Vietnamese letters, đ/Đ, and the ones text pasted
from old Vietnamese fonts brings, such as the eth Ð/ð — plus, like ``unaccent``, the combining
marks of decomposed (NFD) text, which are dropped. A test checks the table against
``dangbo_unaccent`` character by character on PostgreSQL.
"""

import unicodedata

# unaccent.rules: the Latin letters mapped to one letter …
_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖ"
    "ėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪū"
    "ŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƀƁƂƃƇƈƉƊƋƌƐƑƒƓƖƗƘƙƚƝƞƠơƤƥƫƬƭƮƯưƲƳƴƵƶǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǤǥǦǧ"
    "ǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȡȤȥȦȧȨȩȪȫȬȭȮȯȰȱȲȳȴȵȶȷȺȻȼȽȾȿɀɃɄɆɇɈɉɌɍɎ"
    "ɏḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎ"
    "ṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẚẜẝẠạ"
    "ẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰự"
    "ỲỳỴỵỶỷỸỹỼỽỾỿ"
)
_TO = (
    "AAAAAACEEEEIIIIDNOOOOOOUUUUYaaaaaaceeeeiiiidnoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeE"
    "eEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkqLlLlLlLlLlNnNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUu"
    "UuUuUuUuWwYyYZzZzZzsbBBbCcDDDdEFfGIIKklNnOoPptTtTUuVYyZzAaIiOoUuUuUuUuUuAaAaGgGg"
    "KkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhdZzAaEeOoOoOoOoYylntjACcLTszBUEeJjRrY"
    "yAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoO"
    "oOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyassAa"
    "AaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUu"
    "YyYyYyYyVvYy"
)
# … and the ones mapped to two letters.
_EXPANDED = {
    "Æ": "AE",
    "Þ": "TH",
    "ß": "ss",
    "æ": "ae",
    "þ": "th",
    "Ĳ": "IJ",
    "ĳ": "ij",
    "ŉ": "'n",
    "Œ": "OE",
    "œ": "oe",
    "ƕ": "hv",
    "Ƣ": "OI",
    "ƣ": "oi",
    "Ǆ": "DZ",
    "ǅ": "Dz",
    "ǆ": "dz",
    "Ǉ": "LJ",
    "ǈ": "Lj",
    "ǉ": "lj",
    "Ǌ": "NJ",
    "ǋ": "Nj",
    "ǌ": "nj",
    "Ǳ": "DZ",
    "ǲ": "Dz",
    "ǳ": "dz",
    "ȸ": "db",
    "ȹ": "qp",
    "ẞ": "SS",
    "Ỻ": "LL",
    "ỻ": "ll",
}

_TABLE: dict[int, int | str | None] = str.maketrans(_FROM, _TO)
_TABLE.update({ord(k): v for k, v in _EXPANDED.items()})
# … and the combining diacritical marks it drops: U+0300–U+0362 (not the combining Latin
# letters after them, which it keeps).
_TABLE.update(dict.fromkeys(range(0x300, 0x363)))
# The table itself, for what must fold the same elsewhere (the browser: backend/search/browser.py).
FOLDING: dict[int, int | str | None] = _TABLE


def fold(text: str) -> str:
    """Lower-case and drop every diacritic as ``unaccent`` does (đ/Đ and Ð/ð → d included)."""
    return unicodedata.normalize("NFC", text).translate(_TABLE).lower()
