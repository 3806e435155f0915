"""Knowledge space theory side by side: masterykit's knowledge states, fringes and learning
paths against the PyPI packages knowledgespaces 0.1.0 and kstpy 1.0.0 on random small
prerequisite graphs, and the exact placement posterior against a brute-force Bayesian update
over those packages' states, with noisy answers simulated by kstpy."""

import itertools
import math
import random

import knowledgespaces as ks
import kstpy.basics as kstpy_basics
import kstpy.simulation as kstpy_simulation
import pytest

import masterykit


def random_graphs(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, 7)
        # Ids that look like numbers too, in a shuffled course order.
        ids = [f"{rng.choice(['s', '', 'skill-'])}{k}" for k in range(n)]
        edges = [(ids[a], ids[b]) for a, b in itertools.combinations(range(n), 2) if rng.random() < 0.35]
        order = ids[:]
        rng.shuffle(order)
        skills = [{"id": s, "prerequisites": [a for a, b in edges if b == s]} for s in order]
        yield masterykit.Curriculum.from_dict({"format_version": 1, "skills": skills}), ids, edges


def closure(ids, edges):
    """The surmise relation: reflexive and transitive (a, b) = a is needed for b."""
    rel = {(s, s) for s in ids} | set(edges)
    while True:
        more = {(a, d) for a, b in rel for c, d in rel if b == c} - rel
        if not more:
            return rel
        rel |= more


def test_states_fringes_and_paths_equal_knowledgespaces():
    for c, ids, edges in random_graphs(60, 1):
        structure = ks.KnowledgeStructure.from_surmise_relation(ks.SurmiseRelation(ids, edges))
        ours = {frozenset(s) for s in masterykit.knowledge_states(c)}
        assert ours == set(structure.states), edges
        assert len(masterykit.knowledge_states(c)) == len(ours), "no state twice"
        for state in structure.states:
            known = sorted(state)
            assert set(c.inner_fringe(known)) == set(structure.inner_fringe(state)), (edges, known)
            assert set(c.frontier(known)) == set(structure.outer_fringe(state)), (edges, known)
        theirs = {tuple(next(iter(b - a)) for a, b in zip(p, p[1:])) for p in structure.learning_paths(max_paths=10**6)}
        assert {tuple(p) for p in masterykit.learning_paths(c)} == theirs, edges


def test_states_fringes_and_paths_equal_kstpy():
    for c, ids, edges in random_graphs(40, 2):
        space = kstpy_basics.constr(kstpy_basics.sr2basis(closure(ids, edges)))
        ours = {frozenset(s) for s in masterykit.knowledge_states(c)}
        assert ours == {frozenset(s) for s in space}, edges
        for state in space:
            f = kstpy_basics.fringe(state, space)
            known = sorted(state)
            assert set(c.inner_fringe(known)) == {q for s in f["inner"] for q in s}, (edges, known)
            assert set(c.frontier(known)) == {q for s in f["outer"] for q in s}, (edges, known)
        theirs = {tuple(next(iter(b - a)) for a, b in zip(p, p[1:])) for p in kstpy_basics.learningpaths(space)}
        assert {tuple(p) for p in masterykit.learning_paths(c)} == theirs, edges


def test_too_many_states_or_paths_is_an_error():
    c = masterykit.Curriculum.from_dict({"format_version": 1, "skills": [{"id": f"s{k}"} for k in range(12)]})
    assert len(masterykit.knowledge_states(c)) == 4096
    with pytest.raises(masterykit.MasteryError) as e:
        masterykit.knowledge_states(c, max=4095)
    assert e.value.code == "invalid_option"
    with pytest.raises(masterykit.MasteryError) as e:
        masterykit.learning_paths(c, max=1000)
    assert e.value.code == "invalid_option"


def brute_force(states, careless, lucky, answers):
    weights = {}
    for k in states:
        w = 1.0
        for skill, correct in answers:
            w *= ((1 - careless) if correct else careless) if skill in k else (lucky if correct else 1 - lucky)
        weights[k] = w
    total = sum(weights.values())
    return {s: sum(w for k, w in weights.items() if s in k) / total for s in set().union(*states)}


def test_exact_posterior_on_kstpy_simulated_answers():
    random.seed(5)  # kstpy draws with the random module
    for c, ids, edges in random_graphs(25, 3):
        if not ids:
            continue
        space = kstpy_basics.constr(kstpy_basics.sr2basis(closure(ids, edges)))
        careless, lucky = 0.15, 0.2
        # kstpy 1.0.0 returns the structure's states followed by the simulated patterns.
        patterns = kstpy_simulation.simpleSimulation(space, 3, careless, lucky)[-3:]
        states = [frozenset(s) for s in space]
        for pattern in patterns:
            p = masterykit.Placement(c, careless=careless, lucky=lucky, confidence=None, max_questions=100)
            answers = []
            for skill in c.learnable_order():
                answers.append((skill, skill in pattern))
                p.record(skill, skill in pattern)
                want = brute_force(states, careless, lucky, answers)
                got = {s["skill"]: s["p_known"] for s in p.estimate()["skills"]}
                assert got == pytest.approx(want, abs=1e-12), (edges, answers)
                assert all(0.0 <= v <= 1.0 and math.isfinite(v) for v in got.values())
            state = set(p.estimate()["state"])
            assert all(q in state for q in state for q, b in edges if b in state), "the state is closed"
