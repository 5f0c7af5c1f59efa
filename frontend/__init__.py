"""The Reflex UI of Đảng bộ số (Vietnamese, phone first). It reaches data only through the API."""
