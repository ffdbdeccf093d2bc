"""khuyencong: the annual khuyến công review rebuilt from data.

Public names are few on purpose; notebooks import the modules they need.
"""

from khuyencong.errors import KhuyenCongError

__all__ = ["KhuyenCongError"]
__version__ = "0.1.0"
