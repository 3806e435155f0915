//! Placement: an adaptive pre-assessment that finds what a new learner already knows.
//!
//! Knowledge space theory: the possible knowledge states are the prerequisite-closed skill
//! sets, so a right answer is evidence for a skill's prerequisites and a wrong one against
//! its dependents. A [`Placement`] keeps the posterior over states (exactly, by enumerating
//! them, on small curricula; by Gibbs sampling over closed states on large ones), asks the
//! most informative skill next, and stops at a confidence or a question budget. Its result
//! goes into the log as a `pre_assessment` assessment, which the policy turns into levels.

mod answers;
mod options;
mod prior;
mod sampler;
mod session;
mod simulate;
mod states;
mod structure;

pub use answers::{PlacementAnswer, placement_answers};
pub use options::{PlacementMethod, PlacementOptions, PlacementSelector};
pub use session::{PRE_ASSESSMENT, Placement, PlacementEstimate, Question, SkillEstimate};
pub use simulate::{PlacementTrial, SelectorResult, SimulatedPlacement, compare_selectors};
pub use structure::{knowledge_states, learning_paths};
