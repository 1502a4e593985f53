"""The chains app's models: the chains' cases. The chain catalogue they stand on is the org chart's
(``jinzhou.org.models``: Industry, SubField, Chain, ChainOwner, TaskForce, ChainNode)."""

from chains.models.cases import Bottleneck, ChainTask, ProgressReport
from chains.models.reports import CapacityRow, ChainReport, ChainReportSetting

__all__ = ["Bottleneck", "CapacityRow", "ChainReport", "ChainReportSetting", "ChainTask", "ProgressReport"]
