"""Resume builder: role profiles, job-description keywords, ATS-safe resumes and reports.

Plain functions only; the Flask views, forms and models live next to this package and
are written separately, so everything here can be tested without an app.
"""
