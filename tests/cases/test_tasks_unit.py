"""Every kind of task links to an existing page (no database): the tasks page has no fallback."""

from __future__ import annotations

import uuid

from django.urls import reverse

from cases.selectors.tasks import _TASK_PAGES, TASK_LABELS


def test_every_kind_of_task_has_a_label_and_a_page_that_exists():
    assert set(_TASK_PAGES) == set(TASK_LABELS)
    code = uuid.uuid4()
    for kind, name in _TASK_PAGES.items():
        assert str(code) in reverse(name, args=[code]), kind
