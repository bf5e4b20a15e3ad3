"""The docs site (`vintix_lab.docs.build_docs`, what `make docs` runs without Quarto), built from every notebook and
read in headless Chromium over file://, as someone opening `_docs/index.html` offline would."""
import inspect
import time
from pathlib import Path

import pytest

from vintix_lab import evaluate, model
from vintix_lab.docs import build_docs, doc_pages, page_path

NBS = Path(__file__).resolve().parents[1] / "nbs"
PAGES = [page_path(nb, NBS) for nb in doc_pages(NBS)]
# Building runs only the cells show_doc needs (about a minute on 2 busy cores); running whole notebooks takes far longer.
MAX_BUILD_SECONDS = 240


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    t0 = time.time()
    index = build_docs(NBS, out, workers=2)
    secs = time.time() - t0
    print(f"docs site: {len(PAGES)} pages in {secs:.0f} s")
    assert secs < MAX_BUILD_SECONDS, f"building the docs took {secs:.0f} s"
    assert index == out / "index.html"
    return out


def test_every_notebook_has_a_page(site):
    assert {"index.html", "evaluate.html", "model.html", "docs.html", "runs/evaluate.html"} <= set(PAGES)
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert built == sorted(PAGES)


def nav_targets(page, url_dir: Path) -> list[Path]:
    "Files the sidebar of the open page links to, resolved from its folder."
    return [(url_dir / href).resolve() for href in page.locator("nav.sidebar a").evaluate_all("as => as.map(a => a.getAttribute('href'))")]


def test_index_page(site, chromium_page):
    from playwright.sync_api import expect
    chromium_page.goto((site / "index.html").as_uri())
    expect(chromium_page.locator("main h1.title")).to_have_text("vintix_lab")
    expect(chromium_page.locator("main p.description")).to_contain_text("in-context reinforcement learning")
    expect(chromium_page.locator("main")).to_contain_text("Three commands")
    links = chromium_page.locator("nav.sidebar li a")
    expect(links).to_have_count(len(PAGES) - 1)     # every page but home, which is the site title
    expect(chromium_page.locator("nav.sidebar h2")).to_have_text(["Modules", "runs", "studies", "vla"])
    targets = nav_targets(chromium_page, site)
    assert sorted(targets) == sorted((site / p).resolve() for p in PAGES)   # every page once, every link to a real file
    assert not chromium_page.errors


@pytest.mark.parametrize("page,func", [("evaluate.html", evaluate.evaluate_in_context), ("model.html", model.save_checkpoint)],
                         ids=["evaluate", "model"])
def test_api_page(site, chromium_page, page, func):
    from playwright.sync_api import expect
    chromium_page.goto((site / page).as_uri())
    expect(chromium_page.locator("main h1.title")).to_have_text(page.removesuffix(".html"))
    expect(chromium_page.locator("nav.sidebar a.active")).to_have_attribute("href", page)
    heading = chromium_page.locator(f"h3#{func.__name__}")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text(func.__name__)
    signature = heading.locator("xpath=following-sibling::div[contains(@class, 'highlight')][1]")
    expect(signature).to_contain_text(f"def {func.__name__}(")
    expect(chromium_page.locator("main")).to_contain_text(inspect.getdoc(func).splitlines()[0].replace("`", ""))  # backticks: <code>
    assert "#| export" not in chromium_page.content()
    assert not chromium_page.errors


def test_run_page_links_back(site, chromium_page):
    from playwright.sync_api import expect
    chromium_page.goto((site / "runs" / "evaluate.html").as_uri())
    expect(chromium_page.locator("nav.sidebar a.active")).to_have_text(chromium_page.locator("main h1.title").inner_text())
    assert sorted(nav_targets(chromium_page, site / "runs")) == sorted((site / p).resolve() for p in PAGES)
    chromium_page.locator("nav.sidebar a[href='../evaluate.html']").click()    # the module page, one folder up
    expect(chromium_page.locator(f"h3#{evaluate.evaluate_in_context.__name__}")).to_be_visible()
    assert chromium_page.url.endswith("/evaluate.html") and "/runs/" not in chromium_page.url
