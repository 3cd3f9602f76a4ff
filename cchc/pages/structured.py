"""schema.org JSON-LD for record pages: GovernmentService (procedure),
FAQPage, NewsArticle, Legislation (document), GovernmentOrganization (home).

Pure: record → dict. Templates put the dict on the page with `json_ld()`,
which escapes <, > and & so editor text cannot close the script element.
URLs are absolute when the site's address is known, left out otherwise.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from cchc.base.formatting import whole
from cchc.models import Site, thu_tuc, van_ban
from cchc.models.hoi_dap import HoiDap
from cchc.models.tin_tuc import TinTuc

CONTEXT = "https://schema.org"
LEGAL_FORCE = {"con_hieu_luc": "InForce", "het_hieu_luc_mot_phan": "PartiallyInForce", "het_hieu_luc": "NotInForce"}
# ISO 8601 durations; working days and hours are given as days and hours (schema.org has no "working day").
DURATION = {
    "ngay_lam_viec": "P{}D",
    "ngay": "P{}D",
    "gio": "PT{}H",
    "gio_lam_viec": "PT{}H",
    "phut": "PT{}M",
    "tuan": "P{}W",
    "thang": "P{}M",
    "nam": "P{}Y",
}


def script(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _url(site_url: str | None, path: str) -> dict[str, str]:
    return {"url": site_url + path} if site_url else {}


def organization(site: Site, site_url: str | None = None) -> dict[str, Any]:
    agency = site.co_quan
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": agency.ten,
        "address": {"@type": "PostalAddress", "streetAddress": agency.dia_chi, "addressCountry": "VN"},
        "telephone": agency.dien_thoai,
        "email": agency.email,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": agency.co_quan_chu_quan},
        "sameAs": [site.lien_ket.cong_thong_tin],
        **_url(site_url, ""),
    }
    if agency.ten_viet_tat:
        data["alternateName"] = agency.ten_viet_tat
    return data


def home(site: Site, site_url: str | None) -> dict[str, Any]:
    return {"@context": CONTEXT, **organization(site, site_url)}


def duration(limit: thu_tuc.ThoiHan | None) -> str | None:
    if limit is None or limit.so is None or limit.don_vi is None:
        return None
    return DURATION[limit.don_vi].format(whole(limit.so))


def offer(fee: thu_tuc.PhiLePhi) -> dict[str, Any]:
    """A price only when the record gives an amount in đồng: a foreign or unknown amount is described, not priced."""
    data: dict[str, Any] = {"@type": "Offer", "name": thu_tuc.LOAI_PHI[fee.loai] if fee.loai else "Phí, lệ phí"}
    if fee.so_tien is not None and fee.tien_te == "VND":
        data |= {"price": fee.so_tien, "priceCurrency": "VND"}
    description = [fee.mo_ta] if fee.mo_ta else []
    if fee.so_tien is not None and fee.tien_te != "VND":
        description.insert(0, f"{whole(fee.so_tien)} {fee.tien_te}")
    if description:
        data["description"] = "; ".join(description)
    return data


def procedure(code: str, p: thu_tuc.ThuTuc, site: Site, site_url: str | None, online_url: str | None) -> dict[str, Any]:
    channels = []
    for way in p.cach_thuc:
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": thu_tuc.KENH[way.kenh], "availableLanguage": "vi"}
        if duration(way.thoi_han):
            channel["processingTime"] = duration(way.thoi_han)
        if way.kenh == "truc_tuyen":
            if online_url:
                channel["serviceUrl"] = online_url
        elif p.dia_chi_tiep_nhan:
            channel["serviceLocation"] = {"@type": "Place", "name": p.dia_chi_tiep_nhan}
        if way.mo_ta:
            channel["description"] = way.mo_ta
        channels.append(channel)
    fees = [offer(fee) for way in p.cach_thuc for fee in way.phi]
    if any(way.mien_phi for way in p.cach_thuc) and not fees:  # free only when the record says so
        fees = [{"@type": "Offer", "price": 0, "priceCurrency": "VND", "description": "Miễn phí"}]
    unique_fees = list({json.dumps(fee, sort_keys=True): fee for fee in fees}.values())
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "name": p.ten,
        "identifier": code,
        "description": p.mo_ta or f"{p.ten}: hồ sơ, trình tự, thời hạn, phí, lệ phí",
        "serviceType": ", ".join(p.linh_vuc),
        "serviceOperator": organization(site),
        "availableChannel": channels,
        "dateModified": p.ngay_cap_nhat.isoformat(),
        **_url(site_url, f"thu-tuc/{code}/"),
    }
    # Unstated parts are left out, not filled: no provider, audience or price the record does not give.
    if p.co_quan_thuc_hien:
        data["provider"] = {"@type": "GovernmentOrganization", "name": p.co_quan_thuc_hien}
    if p.doi_tuong:
        data["audience"] = {"@type": "Audience", "audienceType": ", ".join(p.doi_tuong)}
    if unique_fees:
        data["offers"] = unique_fees
    if p.nguon and p.nguon.lien_ket:
        data["isBasedOn"] = p.nguon.lien_ket
    return data


def faq(faq_id: str, item: HoiDap, site_url: str | None) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.cau_hoi,
                "dateCreated": item.ngay.isoformat(),
                "acceptedAnswer": {"@type": "Answer", "text": item.tra_loi},
            }
        ],
        **_url(site_url, f"hoi-dap/{faq_id}/"),
    }


def news(post_id: str, post: TinTuc, site: Site, site_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": post.tieu_de[:110],
        "description": post.tom_tat,
        "datePublished": post.ngay.isoformat(),
        "inLanguage": "vi",
        "articleSection": post.chuyen_muc,
        "author": {"@type": "Person", "name": post.tac_gia} if post.tac_gia else organization(site),
        "publisher": organization(site),
        **_url(site_url, f"tin-tuc/{post_id}/"),
    }
    if post.anh:
        image = post.anh if post.anh.startswith("http") else (site_url + post.anh if site_url else None)
        if image:
            data["image"] = image
    return data


def document(doc_id: str, doc: van_ban.VanBan, site_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Legislation",
        "name": f"{van_ban.LOAI_VAN_BAN[doc.loai]} {doc.so_ky_hieu}",
        "legislationIdentifier": doc.so_ky_hieu,
        "legislationType": van_ban.LOAI_VAN_BAN[doc.loai],
        "abstract": doc.trich_yeu,
        "legislationDate": doc.ngay_ban_hanh.isoformat(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": doc.co_quan_ban_hanh},
        "legislationLegalForce": LEGAL_FORCE[doc.tinh_trang],
        "legislationJurisdiction": "VN",
        "inLanguage": "vi",
        **_url(site_url, f"van-ban/{doc_id}/"),
    }
    if doc.ngay_hieu_luc:
        data["legislationDateVersion"] = doc.ngay_hieu_luc.isoformat()
    return data
