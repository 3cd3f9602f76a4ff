"""The Vietnamese words for the values records hold, by what they qualify: templates,
widgets and the editor show the same words."""

from __future__ import annotations

from cchc.models import ke_hoach, theo_doi, thu_tuc, van_ban

LABELS = {
    "cap": thu_tuc.CAP_THUC_HIEN,
    "kenh": thu_tuc.KENH,
    "don_vi": thu_tuc.DON_VI_THOI_HAN,
    "truc_tuyen": thu_tuc.MUC_DO_TRUC_TUYEN,
    "tinh_trang": thu_tuc.TINH_TRANG,
    "phi": thu_tuc.LOAI_PHI,
    "nhiem_vu": ke_hoach.TRANG_THAI_NHIEM_VU,
    "chi_tieu": ke_hoach.TRANG_THAI_CHI_TIEU,
    "loai_van_ban": van_ban.LOAI_VAN_BAN,
    "hieu_luc": van_ban.TINH_TRANG_VAN_BAN,
    "trang_thai_thuc_te": {**ke_hoach.TRANG_THAI_NHIEM_VU, "qua_han": "Quá hạn"},
    "su_kien": theo_doi.LOAI_SU_KIEN,
    "san_pham": theo_doi.LOAI_SAN_PHAM,
    "chi_so": theo_doi.CHI_SO,
}
