"""The báo cáo a Sở Công Thương signs, as content: its `Report` model (`model`), computed from the
Dataset by `content.build_report` (pure) with the plan sections of `plans`, and its web page (`web`).
The Word and PDF files are written on the output floor (`outputs.word`, `outputs.office_pdf`,
`outputs.report_files`).
"""
