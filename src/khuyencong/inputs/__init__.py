"""Input floor: the data contract (schemas), reading and validating `data/`, the snapshot,
the Excel workbook and the report's metadata, writing data files back.
"""
