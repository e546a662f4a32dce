"""Web channel (网): pages in a real browser, API limits, abuse defences, API contract."""
