"""Reusable widgets carrying their own CSS: money input, gauge, risk badge, header timer."""
