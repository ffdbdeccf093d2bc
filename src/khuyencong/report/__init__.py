"""The báo cáo a Sở Công Thương signs: document metadata, content, Word and PDF writers.

`content.build_report` computes the report from the Dataset (pure); `docx_writer` lays it
out from a Word template; `pdf.convert` prints that document with LibreOffice;
`render.render_report` writes both next to the published edition.
"""
