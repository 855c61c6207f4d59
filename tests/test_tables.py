"""CSV at full precision and booktabs LaTeX, written atomically."""

import pandas as pd

from scotext.tables import to_booktabs, write_table


def test_csv_full_precision_and_latex_rounded(tmp_path):
    df = pd.DataFrame({"term": ["drug_trafficking", "50%"], "g2": [1 / 3, 2.0],
                       "n": [3, 4], "flag": [True, False]})
    write_table(df, tmp_path / "t.csv", tmp_path / "t.tex", caption="Key & terms",
                label="tab:t", decimals=2)
    assert (tmp_path / "t.csv").read_text() == (
        "term,g2,n,flag\ndrug_trafficking,0.3333333333333333,3,True\n50%,2.0,4,False\n")
    tex = (tmp_path / "t.tex").read_text()
    assert r"\caption{Key \& terms}" in tex and r"\label{tab:t}" in tex
    assert r"\begin{tabular}{lrrl}" in tex and r"\toprule" in tex and r"\bottomrule" in tex
    assert r"drug\_trafficking & 0.33 & 3 & yes \\" in tex
    assert r"50\% & 2.00 & 4 & no \\" in tex
    assert not list(tmp_path.glob(".*tmp"))


def test_nan_rendered_as_dash():
    assert r"-- \\" in to_booktabs(pd.DataFrame({"x": [float("nan")]}), "c", "l")
