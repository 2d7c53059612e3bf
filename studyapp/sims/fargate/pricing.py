"""
Fargate prices read from content/pricing/fargate.json.

Prices are data, not code: a price change is a content edit. The file is found the way the Django
settings find the content folder (STUDYAPP_CONTENT_DIR, else the repository's content/), without
importing Django, so the engines stay plain Python.

Money is computed in Decimal and rounded only when shown: hourly and per-run figures to 6
decimals (Fargate rates have 5-6 significant decimals, and a one-minute run costs fractions of a
cent), monthly figures to cents.
"""

import json
import math
import os
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from studyapp.sims.fargate.sizes import CPU_UNITS_PER_VCPU, MIB_PER_GB
from studyapp.sims.validation import Choice, Field, Number

DEFAULT_REGION = "us-east-1"
SECONDS_PER_HOUR = 3600
ON_DEMAND = "ON_DEMAND"
SPOT = "SPOT"


def _pricing_file():
    content = os.environ.get("STUDYAPP_CONTENT_DIR")
    folder = Path(content) if content else Path(__file__).resolve().parents[3] / "content"
    return folder / "pricing" / "fargate.json"


@cache
def price_list():
    with _pricing_file().open(encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal, parse_int=Decimal)


def regions():
    return sorted(price_list()["regions"])


def purchase_options(windows):
    """(cpuArchitecture, capacity) pairs Fargate sells: Windows only on x86 and never on Spot."""
    if windows:
        return [("X86_64", ON_DEMAND)]
    return [(arch, capacity) for arch in ("X86_64", "ARM64") for capacity in (ON_DEMAND, SPOT)]


def task_hourly(
    size, *, region, architecture="X86_64", windows=False, spot_discount=None, storage_gib=None
):
    """
    One task's price per hour. The Spot discount applies to vCPU and memory only: AWS publishes
    Spot rates for those two dimensions, and storage and the Windows licence are not discounted.
    """
    prices = price_list()
    regional = prices["regions"][region]
    rates = regional["windows" if windows else "linux"][architecture]
    vcpus = Decimal(size["cpu"]) / CPU_UNITS_PER_VCPU
    gigabytes = Decimal(size["memory"]) / MIB_PER_GB
    compute = vcpus * rates["vcpuHour"] + gigabytes * rates["gbHour"]
    if spot_discount is not None:
        compute *= 1 - Decimal(str(spot_discount))
    licence = vcpus * rates.get("osLicenceVcpuHour", 0)
    included = prices["includedEphemeralStorageGiB"]
    extra_storage = max(Decimal(0), Decimal(storage_gib or included) - included)
    return compute + licence + extra_storage * regional["ephemeralStorageGbHour"]


def monthly(hourly):
    return hourly * price_list()["hoursPerMonth"]


def minimum_billed_seconds(windows):
    return int(price_list()["billing"]["minimumSeconds"]["WINDOWS" if windows else "LINUX"])


def billed_seconds(run_seconds, windows):
    """A run as Fargate bills it: rounded up to the next second, and never below the operating
    system's minimum charge (one minute on Linux, 15 on Windows)."""
    return max(math.ceil(run_seconds), minimum_billed_seconds(windows))


def per_run(hourly, seconds):
    return hourly * seconds / SECONDS_PER_HOUR


def hourly_money(amount):
    return float(Decimal(amount).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def monthly_money(amount):
    return float(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def price_facts(region):
    """What every cost block repeats so a page can say which prices it used."""
    prices = price_list()
    return {
        "region": region,
        "pricesAsOf": prices["asOf"],
        "currency": prices["currency"],
        "hoursPerMonth": int(prices["hoursPerMonth"]),
    }


def priced_fields():
    """
    The `region` and `spotDiscount` members every priced simulator accepts, with their
    defaults, as fields of its document's Object spec.
    """
    ceiling = float(price_list()["maximumSpotDiscount"])
    return {
        "region": Field(
            Choice(tuple(regions()), why=", a region whose prices are recorded"), DEFAULT_REGION
        ),
        "spotDiscount": Field(
            Number(0, ceiling, noun="a fraction", note="AWS says up to 70%"),
            default_spot_discount(),
        ),
    }


def default_spot_discount():
    return float(price_list()["defaultSpotDiscount"])
