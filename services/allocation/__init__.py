"""Allocation (档案分配, SPEC §4): event batches, processing, the even split, the company pool and
the allocation sheet."""

from services._exports import lazy

__all__ = ["AllocationService"]
__getattr__ = lazy(__name__, {"AllocationService": "service"})
