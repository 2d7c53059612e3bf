"""Worst-case inputs for bench/worst_case.py, one module per area (see its docstring)."""
