"""The demo's example 2026 targets: 商务局 and three counties, every one marked as a sample."""

from assessment.models import Target
from jinzhou.org.models import Department
from seeds.targets import seed_sample_targets
from seeds.upsert import Upserter


def test_sample_targets_for_commerce_and_three_counties(world):
    Department.objects.create(code="heishan", name="黑山县", kind="county")
    seed_sample_targets(Upserter())
    units = set(Target.objects.values_list("department__name", flat=True))
    assert units == {"商务局", "凌海市", "北镇市", "黑山县"}
    assert not Target.objects.filter(is_sample=False).exists()
    assert Target.objects.get(department__code="mofcom", indicator="funds_received").value == 60
    seed_sample_targets(Upserter())  # a second run adds nothing
    assert Target.objects.count() == 24
