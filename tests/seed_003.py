"""Values read by hand from seed 003 (Sơn La's khuyến công programme 2026–2030, its appendix)."""

# The ten activities with a non-zero 2026 cell (quantity or budget) in the appendix.
PLAN_2026_ACTIVITIES = [
    "may-moc-thiet-bi",
    "phong-trung-bay",
    "trung-bay-tai-co-so-cap-tinh",
    "ho-tro-tham-gia-hoi-cho",
    "tham-gia-hoi-cho-quang-ba",
    "nhan-hieu",
    "thiet-ke-mau-ma-bao-bi",
    "tuyen-truyen-nang-luong",
    "tham-du-hoi-nghi-tap-huan",
    "kiem-tra-giam-sat",
]
