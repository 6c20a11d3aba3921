"""Documents: PDF rendering with ReportLab, the embedded font, e-invoice XML and payment QR."""
