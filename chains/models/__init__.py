"""The chains app's models: the catalogue and the chains' cases."""

from chains.models.cases import Bottleneck, ChainTask, ProgressReport
from chains.models.catalogue import Chain, ChainNode, ChainOwner, Industry, SubField, TaskForce

__all__ = [
    "Bottleneck",
    "Chain",
    "ChainNode",
    "ChainOwner",
    "ChainTask",
    "Industry",
    "ProgressReport",
    "SubField",
    "TaskForce",
]
