"""A coach's review draws the candidate's Mermaid diagram with the same partial as the
result page, beside the comments."""

from __future__ import annotations

from interview.extensions import db


def test_review_and_result_pages_carry_the_diagram(world, login, client):
    world.attempt.answer += "\n\n```mermaid\nflowchart LR\n  a[Client] --> b[API]\n```\n"
    db.session.commit()
    coach = login(world.coach_a)
    page = coach.get(f"/coaching/attempts/{world.attempt.id}").text
    assert "The candidate&#39;s diagram" in page and 'id="answer-diagram"' in page
    assert "a[Client] --&gt; b[API]" in page  # escaped into the data attribute
    assert "vendor/mermaid/mermaid.min.js" in page and "js/diagram.js" in page
    assert "Add comment" in page
    client.get("/logout")
    own = login(world.cand_a).get(f"/practice/attempts/{world.attempt.id}").text
    assert "Your diagram" in own and "js/diagram.js" in own
