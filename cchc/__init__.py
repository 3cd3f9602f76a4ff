"""Pipeline of the chuyên trang CCHC generator: load → validate → render → build."""
