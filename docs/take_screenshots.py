"""Use the running app as a new candidate would, in headless Chromium, and save the pictures
the README shows: `python docs/take_screenshots.py URL EMAIL PASSWORD` against `make run`.

It signs in, answers one system design and one breadth-round question, waits for the worker
to score them, and photographs the result, the dashboard, the bank and the resume builder.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]
ANSWER = """Start from the goal: long-term engagement measured by dwell time and return visits,
with hides and reports as guardrail metrics, not raw clicks.

- **Candidates**: a two-tower retrieval model pulls a few hundred posts from friends and pages.
- **Ranking**: a gradient-boosted model (later a multi-task network) predicts click, dwell and
  hide, combined into one score; features come from a feature store shared with training so
  there is no training-serving skew.
- **Serving**: p99 under 200 ms; cache the user embedding; fall back to recency when it fails.
- **Evaluation**: NDCG offline on logged impressions, then an A/B test with guardrails.
- **Monitoring**: feature drift (PSI), score distribution, and daily retraining with a
  holdout check before rollout.
"""


def answer(page: Page, base: str, qid: str, text: str) -> None:
    page.goto(f"{base}/questions/{qid}")
    page.click("#practise-this")
    page.wait_for_url("**/practice/**")
    if "/items/" not in page.url:
        page.click("main a:has-text('Start'), main a:has-text('Answer')")
    page.fill("#answer", text)
    page.click("#submit")
    page.wait_for_url("**/practice/attempts/*")
    page.wait_for_selector("table.criteria", timeout=90_000)


def main(base: str, email: str, password: str) -> None:
    OUT.mkdir(exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/login")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("main button[type=submit]")
        page.wait_for_url("**/dashboard")
        answer(page, base, "sd-home-feed-ranking", ANSWER)
        page.screenshot(path=str(OUT / "result.png"), full_page=True)
        page.goto(f"{base}/dashboard")
        page.screenshot(path=str(OUT / "dashboard.png"), full_page=True)
        page.goto(f"{base}/questions/?q=kubernetes")
        page.screenshot(path=str(OUT / "bank.png"))
        page.goto(f"{base}/resume/build")
        page.screenshot(path=str(OUT / "resume-build.png"))
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.context.add_cookies(page.context.cookies())
        phone.goto(f"{base}/practice/history")
        phone.screenshot(path=str(OUT / "history-phone.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
