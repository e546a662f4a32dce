"""The normalized complaint record and the pure functions that build it from channel input."""
