"""Placeholder until the real TCVN3/VNI tables land (being written now)."""
def detect(text): return None
def to_unicode(text, encoding=None): return text
def find_legacy_words(text): return []
