"""Catalog search tool: filters, typo-tolerant names, relaxation, featured cars."""

from __future__ import annotations

from stores.catalog import Catalog
from tools.catalog_search import MAX_RESULTS, get_car, popular_cars, search_cars


def all_cars(catalog: Catalog):
    cars, _ = catalog.query(where=[], params=[], order_by="stock_id", limit=10_000)
    return cars


def test_budget_and_body_filters_match_the_catalog(catalog: Catalog) -> None:
    result = search_cars(catalog=catalog, budget_max=300_000, body_type="suv")
    expected = [c for c in all_cars(catalog) if c.price <= 300_000 and c.body_type == "suv"]
    assert result.total == len(expected) and not result.relaxed
    assert 0 < len(result.cars) <= MAX_RESULTS
    assert all(c.price <= 300_000 and c.body_type == "suv" for c in result.cars)


def test_budget_results_start_closest_under_the_budget(catalog: Catalog) -> None:
    cars = search_cars(catalog=catalog, budget_max=400_000).cars
    assert [c.price for c in cars] == sorted((c.price for c in cars), reverse=True)
    assert cars[0].price >= 0.7 * 400_000


def test_typo_tolerant_make_and_model(catalog: Catalog) -> None:
    exact = search_cars(catalog=catalog, make="Toyota", model="Corolla")
    typo = search_cars(catalog=catalog, make="toyta", model="coorola")
    assert exact.total > 0 and typo.total == exact.total
    assert all(c.model == "Corolla" for c in typo.cars)


def test_unknown_make_is_reported_not_guessed(catalog: Catalog) -> None:
    result = search_cars(catalog=catalog, make="Lamborghini")
    assert result.cars == [] and result.unknown_names == ["Lamborghini"]


def test_impossible_criteria_relax_softest_first(catalog: Catalog) -> None:
    result = search_cars(catalog=catalog, body_type="pickup", features=["sunroof", "third_row"])
    assert result.relaxed[0] == "features"
    assert result.cars and all(c.body_type == "pickup" for c in result.cars)


def test_pagination_shows_new_cars(catalog: Catalog) -> None:
    first = search_cars(catalog=catalog, budget_max=500_000)
    second = search_cars(catalog=catalog, budget_max=500_000, offset=len(first.cars))
    assert not {c.stock_id for c in first.cars} & {c.stock_id for c in second.cars}


def test_get_car_and_featured(catalog: Catalog) -> None:
    some = all_cars(catalog)[0]
    assert get_car(catalog=catalog, stock_id=some.stock_id) == some
    assert get_car(catalog=catalog, stock_id="no-such-car") is None
    featured = popular_cars(catalog=catalog)
    assert len(featured) == MAX_RESULTS
    assert len({c.make for c in featured}) == MAX_RESULTS
