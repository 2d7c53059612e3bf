"""
Fargate task sizes, and the ways a task definition may write its cpu and memory.

The table is written as the ranges AWS documents (RegisterTaskDefinition `cpu`/`memory`, the
"task size" table of the developer guide) and expanded here, so a reader can compare it with the
documentation line by line.

Accepted forms, as the RegisterTaskDefinition reference describes them:
- cpu: an integer of CPU units (`1024`, or the string `"1024"`), or vCPUs in a string (`"1 vCPU"`,
  `"1 vcpu"`, `".25 vCPU"`); 1 vCPU is 1,024 units.
- memory: an integer of MiB (`2048`, or `"2048"`), or GB in a string (`"2GB"`, `"2 GB"`,
  `"0.5 GB"`); 1 GB here is 1,024 MiB, as ECS converts it.
Units are matched without regard to case and surrounding spaces are ignored (our choice: AWS
documents both `vCPU` and `vcpu` but says nothing about `Gb`). Other units (`MiB`, `MB`, `cores`)
are refused because AWS does not document them.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal

from studyapp.sims.validation import Spec

CPU_UNITS_PER_VCPU = 1024
MIB_PER_GB = 1024
# Far longer than any real size; also keeps int() and str() clear of Python's digit limit.
MAX_SIZE_TEXT = 32
# The API's Integer type is 32-bit.
MAX_API_INTEGER = 2**31 - 1


@dataclass(frozen=True)
class CpuRow:
    cpu: int
    memories: tuple[int, ...]
    windows: bool


def _gb_range(low, high, step):
    return tuple(range(low * MIB_PER_GB, high * MIB_PER_GB + 1, step * MIB_PER_GB))


# 8 and 16 vCPU also need Linux platform version 1.4.0 or later; Windows is offered at 1-4 vCPU.
SIZE_TABLE = (
    CpuRow(256, (512, 1024, 2048), windows=False),
    CpuRow(512, _gb_range(1, 4, 1), windows=False),
    CpuRow(1024, _gb_range(2, 8, 1), windows=True),
    CpuRow(2048, _gb_range(4, 16, 1), windows=True),
    CpuRow(4096, _gb_range(8, 30, 1), windows=True),
    CpuRow(8192, _gb_range(16, 60, 4), windows=False),
    CpuRow(16384, _gb_range(32, 120, 8), windows=False),
)

_ROWS = {row.cpu: row for row in SIZE_TABLE}
_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_VCPU = re.compile(_NUMBER + r"\s*vcpu", re.IGNORECASE)
_GB = re.compile(_NUMBER + r"\s*gb", re.IGNORECASE)


class UnreadableSize(ValueError):
    pass


def parse_cpu(value):
    """CPU units from any documented form; UnreadableSize says which forms exist."""
    return _parse(
        value,
        _VCPU,
        CPU_UNITS_PER_VCPU,
        "CPU units",
        'CPU units (1024, "1024") or vCPUs ("1 vCPU")',
    )


def parse_memory(value):
    """MiB from any documented form; UnreadableSize says which forms exist."""
    return _parse(value, _GB, MIB_PER_GB, "MiB", 'MiB (2048, "2048") or GB ("2 GB")')


def _parse(value, unit_pattern, per_unit, base_unit, forms):
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= MAX_API_INTEGER:
            raise UnreadableSize(f"must be from 0 to {MAX_API_INTEGER:,}; write {forms}")
        return value
    if isinstance(value, str) and len(value) <= MAX_SIZE_TEXT:
        text = value.strip()
        if text.isascii() and text.isdigit():
            if int(text) > MAX_API_INTEGER:
                raise UnreadableSize(f"{json.dumps(value)} is more than the API accepts")
            return int(text)
        match = unit_pattern.fullmatch(text)
        if match:
            amount = Decimal(match.group(1)) * per_unit
            if amount != amount.to_integral_value():
                raise UnreadableSize(f"{json.dumps(value)} is not a whole number of {base_unit}")
            if amount > MAX_API_INTEGER:
                raise UnreadableSize(f"{json.dumps(value)} is more than the API accepts")
            return int(amount)
    # Only scalars are shown: printing a list could hit Python's limit on long integers.
    scalar = value is None or isinstance(value, str | float | bool)
    shown = json.dumps(value) if scalar and len(str(value)) <= MAX_SIZE_TEXT else "this value"
    raise UnreadableSize(f"{shown} is not a size ECS reads; write {forms}")


@dataclass(frozen=True)
class FargateSize(Spec):
    """A document's cpu or memory in any form `parse` (parse_cpu or parse_memory) accepts."""

    parse: object
    description: str = ""

    def read(self, reader, value, path):
        try:
            return self.parse(value)
        except UnreadableSize as problem:
            reader.problem(path, str(problem))
            return None

    def shape(self):
        # JSON Schema's regular expressions have no flags: the unit's case is spelled out.
        unit = "[vV][cC][pP][uU]" if self.parse is parse_cpu else "[gG][bB]"
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MAX_API_INTEGER},
                {
                    "type": "string",
                    "maxLength": MAX_SIZE_TEXT,
                    "pattern": rf"^\s*(\d+|{_NUMBER}\s*{unit})\s*$",
                },
            ]
        }


def row_for(cpu):
    return _ROWS.get(cpu)


def is_valid_size(cpu, memory):
    row = _ROWS.get(cpu)
    return row is not None and memory in row.memories


def valid_cpus(windows=False):
    return [row.cpu for row in SIZE_TABLE if row.windows or not windows]


def smallest_fitting(cpu_needed, memory_needed, windows=False):
    """
    The smallest valid size holding the given needs, or None when even the largest cannot.

    Smallest by CPU, then by memory: a larger CPU row never offers less memory for the same need,
    so this order is also the cheapest at any positive prices.
    """
    for row in SIZE_TABLE:
        if row.cpu < cpu_needed or (windows and not row.windows):
            continue
        for memory in row.memories:
            if memory >= memory_needed:
                return {"cpu": row.cpu, "memory": memory}
    return None


def describe_memories(row):
    """The memory choices of a CPU row in the documentation's words, for error messages."""
    gbs = [memory / MIB_PER_GB for memory in row.memories]
    if len(row.memories) <= 3:
        return ", ".join(f"{memory} MiB" for memory in row.memories)
    step = gbs[1] - gbs[0]
    return (
        f"{row.memories[0]}-{row.memories[-1]} MiB ({gbs[0]:g}-{gbs[-1]:g} GB) in {step:g} GB steps"
    )
