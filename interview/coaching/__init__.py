"""Coaching: question sets, cohorts, assignments, reviews, overrides and dashboards."""
