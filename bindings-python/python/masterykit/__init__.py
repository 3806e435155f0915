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
from .frames import (
    class_report_frame,
    fit_frame,
    learner_report_frame,
    params_frame,
    predict_frame,
    replay_frame,
    simulation_frames,
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
    "class_report_frame",
    "fit_frame",
    "learner_report_frame",
    "params_frame",
    "predict_frame",
    "replay_frame",
    "simulate",
    "simulation_frames",
]
