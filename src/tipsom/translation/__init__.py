"""Translations and reviews as data: PO files for translators (po.py), the legal review
ledger (ledger.py), and careful edits of the overlay files they change (overlayfile.py)."""
