"""Pipeline floor: executing the chapter notebooks (papermill, warm kernels), the cache,
building and swapping in an edition, the home page, importing a workbook.
"""
