"""Output floor: HTML and book PDF (Jupyter Book, XeLaTeX), the Word report and its PDF
(LibreOffice), the Sphinx extension and catalogues.
"""
