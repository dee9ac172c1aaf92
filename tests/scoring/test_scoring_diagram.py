"""Mermaid flowcharts in an answer: read as sentences, and credited by the offline scorer."""

from pathlib import Path

import yaml

from interview.scoring.diagram import (
    answer_for_scoring,
    diagram_sentences,
    mermaid_blocks,
    parse_flowchart,
)
from interview.scoring.judge_prompt import SYSTEM_TEMPLATE
from interview.scoring.service import score_answer

BANK = Path(__file__).resolve().parents[2] / "question_bank" / "system_design"

FLOW = """flowchart LR
  C[Client] -->|requests| API[API]
  API -- reads from --> FS[(Feature store)]
  API --> MS([Model server]) & Q[[Queue]]
  Q -.-> B{Batch job}
  B ==>|writes to| W[(Warehouse)]
  M((Monitoring)) --- MS
  subgraph offline [Offline pipeline]
    B
    W
  end
  classDef hot fill:#f96
  style C fill:#fff
  click C "https://example.com"
"""


def test_edges_become_sentences_in_order():
    assert diagram_sentences(FLOW) == [
        "The client sends requests to the API.",
        "The API reads from the feature store.",
        "The API sends data to the model server.",
        "The API sends data to the queue.",
        "The queue sends data to the batch job asynchronously.",
        "The batch job writes to the warehouse.",
        "The monitoring is connected to the model server.",
        "The offline pipeline part holds the batch job and the warehouse.",
    ]


def test_shapes_quotes_entities_and_chains():
    chart = parse_flowchart('graph TD\n a["Feature<br/>store #quot;online#quot;"] --> b'
                            ' --> c(Cache);d{{Ranker}}\n')
    assert chart is not None
    assert chart.labels == {"a": "Feature store online", "b": "b", "c": "Cache",
                            "d": "Ranker"}
    assert [(e.source, e.target) for e in chart.edges] == [("a", "b"), ("b", "c")]
    assert diagram_sentences("graph TD\n x[Drift monitor]\n")[0] == (
        "The design includes the drift monitor.")
    assert diagram_sentences("graph LR\n A[Client] <-->|features| B[Store]") == [
        "The client and the store exchange features."]
    assert diagram_sentences("graph LR\n A[Trainer] -->|via gRPC| B[Registry]") == [
        "The trainer sends data to the registry via gRPC."]


def test_other_diagrams_and_broken_text_give_nothing():
    assert diagram_sentences("sequenceDiagram\n A->>B: hi") == []
    assert diagram_sentences("") == []
    assert diagram_sentences("flowchart LR\n --> --> ]]][[[ \n A[unclosed --> B") is not None
    assert answer_for_scoring("no diagram here") == "no diagram here"


def test_answer_for_scoring_swaps_fences_for_sentences():
    answer = "We serve online.\n\n```mermaid\n" + FLOW + "```\n\nThen we monitor drift."
    assert mermaid_blocks(answer) == [FLOW]
    text = answer_for_scoring(answer)
    assert "-->" not in text and "```" not in text
    assert text.startswith("We serve online.")
    assert "Then we monitor drift." in text
    assert text.endswith("The offline pipeline part holds the batch job and the warehouse.")
    tilde = "~~~mermaid\ngraph LR\n A[Kafka] --> B[Flink]\n~~~"
    assert answer_for_scoring(tilde) == "The kafka sends data to the flink."


def test_judge_prompt_says_diagrams_may_be_mermaid():
    assert "Mermaid" in SYSTEM_TEMPLATE and "```mermaid" in SYSTEM_TEMPLATE


PROSE = ("I would score each card payment in real time and decide to approve, step up or "
         "block it, and we would keep improving it over time with the team.")

DIAGRAM = """

```mermaid
flowchart LR
  P[Payment API] -->|publishes events to| K[Kafka]
  K --> F[Flink streaming velocity features]
  F -->|writes counters to| R[(Redis online feature store)]
  P -->|reads velocity features from| R
  P --> M[LightGBM model with class weights]
  P --> E[Rules engine]
  M -->|logs decision and reason codes to| A[(Audit log)]
  P -->|on timeout falls back to| E
```
"""


def test_components_only_in_the_diagram_earn_credit():
    question = yaml.safe_load((BANK / "sd-payment-fraud-detection.yaml").read_text())
    plain = score_answer(question, PROSE)
    drawn = score_answer(question, PROSE + DIAGRAM)
    by_id = {c.point_id: c.score for c in plain.criteria}
    drawn_by_id = {c.point_id: c.score for c in drawn.criteria}
    assert drawn_by_id["features-model"] > by_id["features-model"] + 0.1
    assert drawn_by_id["serving"] > by_id["serving"] + 0.1
    assert drawn.total > plain.total
    assert drawn.scorer == "offline"
