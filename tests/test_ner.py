"""marsad's NER: CoNLL reading, training from data, scoring, the shipped model, the pipeline."""
import json
import subprocess
import sys

from marsad.nlp.ner.conll import read_conll
from marsad.nlp.ner.labels import coarse_tag
from marsad.nlp.ner.model import DEFAULT_MODEL_DIR, NerModel, bio_spans

MARSAD = [sys.executable, "-m", "marsad.cli"]


def test_conll_reader_copes_with_real_files(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeff-DOCSTART- -X- -X- O\r\n\r\n\u200eزار\tO\r\n\u200eحموشي\tB-PERS\r\n\r\n"
                     "الرباط LOC\r\n".encode())
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [["زار", "حموشي"], ["الرباط"]]
    assert sentences[0].tags == ["O", "B-PERS"]


def test_unsplit_file_is_cut_at_full_stops(tmp_path):
    path = tmp_path / "nf.txt"
    path.write_text("زار\tO\nبوتين\tB-Politician\n.\tO\nثم\tO\nعاد\tO\n", encoding="utf-8")
    assert [len(s.tokens) for s in read_conll(path)] == [3, 2]


def test_tag_mapping_and_spans():
    assert coarse_tag("B-PERS") == "B-PER" and coarse_tag("I-Politician") == "I-PER"
    assert coarse_tag("B-Nation") == "B-LOC" and coarse_tag("B-Police") == "B-ORG" and coarse_tag("B-Book") == "B-MISC"
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG")]


def test_train_and_eval_commands(shared, tmp_path):
    small = tmp_path / "small.txt"
    lines = (shared / "ner" / "anercorp-split" / "train_data.txt").read_text(encoding="utf-8").splitlines()[:6000]
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    test = shared / "ner" / "anercorp-split" / "test_data.txt"
    r = subprocess.run([*MARSAD, "train", "ner", "--train", str(small), "--exclude", str(test), "--iterations", "30",
                        "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    info = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert info["train_files"][str(small)] and info["settings"]["max_iterations"] == 30
    r = subprocess.run([*MARSAD, "eval", "ner", "--gold", str(test), "--model", str(out)], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0 and "PER+LOC+ORG" in r.stdout


def test_shipped_model_scores_on_anercorp_test(shared):
    from marsad.nlp.ner.train import evaluate, load_sentences

    assert (DEFAULT_MODEL_DIR / "model.crfsuite").exists() and (DEFAULT_MODEL_DIR / "MODEL_CARD.md").exists()
    model = NerModel.load()
    scores = evaluate(model, load_sentences([shared / "ner" / "anercorp-split" / "test_data.txt"]))
    assert scores.prf(["PER", "LOC", "ORG"])[2] >= 0.83


def test_seed_persons_and_bostyn(shared):
    from marsad.nlp.pipeline import analyze

    text = (shared / "seed" / "seed-article.txt").read_text(encoding="utf-8")
    doc = analyze(text, "2024-12-04")
    persons = {doc[h.start:h.end].text for h in doc._.hits if h.label == "PER"}
    for name in ("حموشي", "بوستين", "شقير"):
        assert any(name in p for p in persons), name
    bostyn = next(p for p in doc._.parties if p.person and "بوستين" in p.person)
    assert (bostyn.country, bostyn.sector) == ("BEL", "SPY")


def _plain_sentence_features(tokens, clusters):
    """The CRF's features written out plainly: what the cached sentence_features must give."""
    from marsad.nlp.ner.features import _word, gazetteer_tags

    words = [_word(t) for t in tokens]
    norms = [w[0] for w in words]
    gaz = gazetteer_tags(norms)
    kids = [clusters.get(w[1], ()) for w in words]
    out = []
    for i in range(len(tokens)):
        f = ["bias", *words[i][3], f"g={gaz[i]}", *(f"k{lv}={c}" for lv, c in enumerate(kids[i]))]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(tokens):
                f += [f"{off}:w={norms[j]}", f"{off}:g={gaz[j]}"]
                if off in (-1, 1):
                    f += [f"{off}:s={words[j][1]}", f"{off}:sh={words[j][2]}"]
                    f += [f"{off}:k{lv}={c}" for lv, c in enumerate(kids[j])]
                    f += [f"{off}:gn"] if words[j][4] else []
            else:
                f.append(f"{off}:pad")
        if i > 0:
            f.append(f"-1|0={norms[i - 1]}|{norms[i]}")
        out.append(f)
    return out


def test_the_cached_features_are_the_plain_ones():
    from marsad.nlp.ner.features import sentence_features

    tokens = "وقال وزير الخارجية السعودي عادل الجبير في الرياض أمس إن 2015 كان عاماً صعباً .".split()
    clusters = {"وزير": [3, 17], "الرياض": [5, 40], "قال": [1, 2]}
    for _ in range(2):  # the second time from the caches
        assert sentence_features(tokens, None, clusters) == _plain_sentence_features(tokens, clusters)
    assert sentence_features(tokens[:1], None, None) == _plain_sentence_features(tokens[:1], {})
    tokens = "وقال ريتشارد سميث وجيفري دين إن أليس شيء".split()
    assert sentence_features(tokens, None, clusters) == _plain_sentence_features(tokens, clusters)


def test_a_foreign_given_name_is_a_feature_of_its_word_and_its_neighbours():
    from marsad.nlp.ner.features import sentence_features

    tokens = "وقال ريتشارد سميث ولجيفري دين إن الأمين أنا".split()
    feats = sentence_features(tokens, None, None)
    given = [i for i, f in enumerate(feats) if "gn" in f]
    assert given == [1, 3]  # ريتشارد، ولجيفري (behind و and ل); not إن، أنا، الأمين
    assert "-1:gn" in feats[2] and "1:gn" in feats[0] and "-1:gn" in feats[4] and "-1:gn" not in feats[3]


def test_adjacent_places_that_make_one_known_name_are_one_place():
    from marsad.nlp.ner.model import join_known_places

    gaz = ["O", "B-PLACE", "I-PLACE", "O"]
    assert join_known_places(["O", "B-LOC", "B-LOC", "O"], gaz) == ["O", "B-LOC", "I-LOC", "O"]
    # a span the model leaves partial, or one of another label, stays as the model tagged it
    assert join_known_places(["O", "O", "B-LOC", "O"], gaz) == ["O", "O", "B-LOC", "O"]
    assert join_known_places(["O", "B-PER", "B-LOC", "O"], gaz) == ["O", "B-PER", "B-LOC", "O"]
    assert join_known_places(["B-LOC", "I-LOC", "B-LOC", "O"], gaz) == ["B-LOC", "I-LOC", "B-LOC", "O"]


def test_the_shipped_model_reads_a_two_word_province_as_one_place():
    from marsad.nlp.ner.model import default_model

    tokens = "تقول شرطة بريتيش كولومبيا إن لديهم أدلة".split()
    assert (2, 4, "LOC") in default_model().spans(tokens)
