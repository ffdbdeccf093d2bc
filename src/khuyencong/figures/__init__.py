"""Figures floor: pure computations on the Dataset — metrics, consistency rules,
reconciliation of the sources' claims, carry-over, number formatting.
"""
