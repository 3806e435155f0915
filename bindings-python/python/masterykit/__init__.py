"""masterykit: an embeddable mastery-learning engine (Python binding of the Rust core)."""

from ._native import (
    BktModel,
    Curriculum,
    CurriculumError,
    EvidenceError,
    LearnerStore,
    MasteryError,
    ModelError,
    Policy,
    PolicyError,
    simulate,
)

__all__ = [
    "BktModel",
    "Curriculum",
    "CurriculumError",
    "EvidenceError",
    "LearnerStore",
    "MasteryError",
    "ModelError",
    "Policy",
    "PolicyError",
    "simulate",
]
