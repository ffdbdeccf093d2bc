"""Content floor: the chapters and the báo cáo's content, computed from the figures; charts,
Markdown blocks and the long tables' downloads.
"""
