"""The docs site (`vintix_lab.docs.build_docs`, what `make docs` runs without Quarto), built from every notebook and
read in headless Chromium over file://, as someone opening `_docs/index.html` offline would; and a tiny site whose
module keeps a figure and whose study page shows one, with math, to check what the real notebooks may not hold yet."""
import base64
import inspect
import io
import posixpath
import time
from pathlib import Path

import nbformat
import pytest

from vintix_lab import evaluate, model
from vintix_lab.docs import SECTION_TITLES, build_docs, doc_pages, page_path, site_broken_links

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
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if p.relative_to(site).parts[0] != "files")   # files/: reports the pages link, copied in
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
    expect(chromium_page.locator("main")).to_contain_text("runs/quickstart/")   # the current quickstart
    expect(chromium_page.locator("main")).to_contain_text("make lab")
    links = chromium_page.locator("nav.sidebar li a")
    expect(links).to_have_count(len(PAGES) - 1)     # every page but home, which is the site title
    folders = list(dict.fromkeys(posixpath.dirname(p) for p in PAGES[1:]))
    assert folders.index("") < folders.index("runs") and ("studies" not in folders or folders[0] == "studies")
    expect(chromium_page.locator("nav.sidebar h2")).to_have_text([SECTION_TITLES.get(f, f) for f in folders])
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


def test_site_has_no_broken_links(site):
    assert site_broken_links(site) == []


def test_readme_is_not_rendered_from_a_notebook():
    "nbdev-readme renders README.md from `readme_nb` when it exists: it must not, README.md is written by hand."
    from nbdev.config import get_config
    cfg = get_config(NBS.parent)
    assert not (Path(cfg.nbs_path) / cfg.readme_nb).exists(), cfg.readme_nb


# The tiny site: a module notebook that keeps a small figure output, a markdown-only study notebook showing a figure
# from reports/ and linking the module, and math on both pages.
def png_bytes() -> bytes:
    from matplotlib.figure import Figure
    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([0, 1, 2], [0, 1, 4])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def write_nb(path: Path, *cells) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kernel = {"kernelspec": {"display_name": "python3", "language": "python", "name": "python3"}}
    nb = nbformat.v4.new_notebook(cells=list(cells), metadata=kernel)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    proj = tmp_path_factory.mktemp("proj")
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    write_nb(proj / "nbs" / "index.ipynb", md("# tinylab\n\n> A tiny site."),
             md("Read the [study](studies/curves.ipynb)."))
    figure = nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(png_bytes()).decode(),
                                                          "text/plain": "<Figure size 300x200>"})
    write_nb(proj / "nbs" / "01_curves.ipynb", code("#| default_exp curves"),
             md("# curves\n\n> Curves of the return $R_t$."),
             code("#| export\ndef square(x):\n    \"The square of `x`.\"\n    return x * x"),
             md("The curve $y = x^2$ over three points:"), code("plot_square()", outputs=[figure]))
    write_nb(proj / "nbs" / "studies" / "curves.ipynb", md("# The curves study\n\n> What squaring does, in one figure."),
             md("Squaring ([`square`](../01_curves.ipynb)) bends the line: $$y = x^2.$$\n\n"
                "![the curve](../../reports/curves/curve.png)\n\n"
                "Full report: [curves](../../reports/curves/curves.html)"))
    (proj / "reports" / "curves").mkdir(parents=True)
    (proj / "reports" / "curves" / "curve.png").write_bytes(png_bytes())
    (proj / "reports" / "curves" / "curves.html").write_text('<h1>curves</h1><img src="curve.png">')
    out = proj / "site"
    build_docs(proj / "nbs", out, workers=2)
    return out


def figure_loaded(page, selector: str) -> None:
    img = page.locator(selector).first
    img.wait_for(state="attached")
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=img.element_handle(), timeout=10_000)


def test_module_page_shows_kept_figure_and_math(tiny_site, chromium_page):
    from playwright.sync_api import expect
    page = chromium_page
    page.goto((tiny_site / "curves.html").as_uri())
    expect(page.locator("h3#square")).to_be_visible()
    figure_loaded(page, "main img[src^='data:image/png']")
    expect(page.locator("main mjx-container svg").first).to_be_visible(timeout=20_000)   # typeset by the local MathJax
    assert "$y = x^2$" not in page.locator("main").inner_text()
    assert not page.errors


def test_study_page(tiny_site, chromium_page):
    from playwright.sync_api import expect
    page = chromium_page
    page.goto((tiny_site / "index.html").as_uri())
    expect(page.locator("nav.sidebar h2").first).to_have_text("Studies")
    page.locator("nav.sidebar a", has_text="The curves study").click()
    expect(page.locator("main h1.title")).to_have_text("The curves study")
    figure_loaded(page, "main img[alt='the curve']")
    expect(page.locator("main mjx-container svg").first).to_be_visible(timeout=20_000)
    page.locator("main a", has_text="square").click()                   # the link to the notebook lands on its page
    expect(page.locator("h3#square")).to_be_visible()
    page.go_back()
    page.locator("main a", has_text="curves").last.click()   # the report, copied into the site with its figure
    figure_loaded(page, "img")
    assert not page.errors
    assert site_broken_links(tiny_site) == []
