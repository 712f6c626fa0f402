"""Seeded generator of a realistic default used-car catalog of the Mexican market (brief's CSV format)."""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HEADER = ("stockId", "km", "price", "make", "model", "year", "version",
          "bluetooth", "largo", "ancho", "altura", "carPlay")
DEFAULT_OUT = Path(__file__).parent / "data" / "catalog.csv"
DEFAULT_SEED = 7
DEFAULT_COUNT = 360
CATALOG_YEAR = 2025  # "today" for ages; model years run 2015-2024
MIN_YEAR, MAX_YEAR = 2015, 2024
TRANSMISSION_TOKENS = frozenset({"AUTO", "AT", "TA", "CVT", "DCT", "DSG", "TIPTRONIC", "STEPTRONIC",
                                 "MT", "TM", "MANUAL", "STD"})
LUXURY_MAKES = frozenset({"BMW", "Mercedes Benz", "Audi", "Volvo", "Mini"})
# Makes and work pickups that hold their value better than average in Mexico.
STRONG_RESALE_MAKES = frozenset({"Toyota", "Honda"})
STRONG_RESALE_MODELS = frozenset({"NP300", "Ranger", "L200", "Saveiro", "700", "Wrangler", "Jimny"})
# Used-car stock skews to 3-8 year old cars.
YEAR_WEIGHTS = {2015: 5, 2016: 7, 2017: 9, 2018: 11, 2019: 12, 2020: 11, 2021: 11, 2022: 10, 2023: 7, 2024: 4}


@dataclass(frozen=True)
class ModelSpec:
    """One model generation: years on sale in Mexico, versions (base to top) and pricing."""

    make: str
    model: str
    first_year: int
    last_year: int
    new_price: int  # mid version, new, in 2024 pesos
    dims: tuple[int, int, int]  # largo, ancho, altura in mm
    versions: tuple[str, ...]  # "TEXT" or "TEXT@YYYY" (offered from that model year on)
    weight: float = 1.0
    spread: tuple[float, float] = (0.88, 1.15)  # price factor of the base and top version

    @property
    def years(self) -> list[int]:
        return list(range(max(self.first_year, MIN_YEAR), min(self.last_year, MAX_YEAR) + 1))

    def versions_for(self, year: int) -> list[tuple[int, str]]:
        """(index, text) of the versions offered in `year`."""
        offered = []
        for index, entry in enumerate(self.versions):
            text, _, since = entry.partition("@")
            if not since or year >= int(since):
                offered.append((index, text))
        return offered


def _s(make: str, model: str, years: tuple[int, int], price: int, dims: tuple[int, int, int],
       versions: str, weight: float = 1.0, spread: tuple[float, float] = (0.88, 1.15)) -> ModelSpec:
    """Compact spec constructor; versions are separated by ';'."""
    return ModelSpec(make, model, years[0], years[1], price, dims,
                     tuple(v.strip() for v in versions.split(";")), weight, spread)


PICKUP_SPREAD = (0.72, 1.2)
SPECS: tuple[ModelSpec, ...] = (
    # Nissan
    _s("Nissan", "Versa", (2015, 2019), 315_000, (4455, 1695, 1515),
       "1.6 SENSE MT; 1.6 SENSE AUTO; 1.6 ADVANCE MT; 1.6 ADVANCE AUTO; 1.6 EXCLUSIVE AUTO", 4),
    _s("Nissan", "Versa", (2020, 2024), 345_000, (4495, 1740, 1465),
       "1.6 SENSE MT; 1.6 SENSE CVT; 1.6 ADVANCE CVT; 1.6 EXCLUSIVE CVT; 1.6 PLATINUM CVT@2021", 5),
    _s("Nissan", "Sentra", (2015, 2019), 370_000, (4615, 1760, 1495),
       "1.8 SENSE MT; 1.8 SENSE CVT; 1.8 ADVANCE CVT; 1.8 SR CVT; 1.8 EXCLUSIVE CVT", 3),
    _s("Nissan", "Sentra", (2020, 2024), 430_000, (4641, 1815, 1447),
       "2.0 SENSE MT; 2.0 SENSE CVT; 2.0 ADVANCE CVT; 2.0 SR CVT; 2.0 EXCLUSIVE CVT QUEMACOCOS", 3),
    _s("Nissan", "March", (2015, 2020), 260_000, (3827, 1665, 1530),
       "1.6 SENSE MT; 1.6 ACTIVE MT; 1.6 ADVANCE MT; 1.6 ADVANCE AT; 1.6 SR MT", 4),
    _s("Nissan", "Kicks", (2017, 2024), 420_000, (4295, 1760, 1590),
       "1.6 SENSE MT; 1.6 SENSE CVT; 1.6 ADVANCE CVT; 1.6 EXCLUSIVE CVT; 1.6 EXCLUSIVE CVT BITONO@2021", 4),
    _s("Nissan", "NP300", (2016, 2024), 470_000, (5255, 1850, 1780),
       "2.5 CHASIS CABINA TM; 2.5 ESTACAS TM; 2.5 DOBLE CABINA SE TM; 2.5 DOBLE CABINA LE TA; "
       "2.3 DIESEL DOBLE CABINA LE TM; 2.3 DIESEL DOBLE CABINA PRO-4X TA@2018", 4, PICKUP_SPREAD),
    _s("Nissan", "X-Trail", (2015, 2021), 560_000, (4640, 1820, 1710),
       "2.5 SENSE CVT; 2.5 SENSE CVT 3 FILAS; 2.5 ADVANCE CVT; 2.5 EXCLUSIVE CVT QUEMACOCOS", 2),
    _s("Nissan", "Altima", (2015, 2021), 520_000, (4900, 1850, 1445),
       "2.5 SENSE CVT; 2.5 ADVANCE CVT; 2.5 SR CVT; 2.5 EXCLUSIVE CVT QUEMACOCOS", 1),
    # Volkswagen
    _s("Volkswagen", "Jetta", (2015, 2018), 420_000, (4644, 1778, 1482),
       "2.0 TRENDLINE MT; 2.0 TRENDLINE TIPTRONIC; 2.5 COMFORTLINE TIPTRONIC; "
       "2.5 SPORTLINE TIPTRONIC; 1.4 TSI HIGHLINE DSG; 2.0 TSI GLI DSG", 3),
    _s("Volkswagen", "Jetta", (2019, 2024), 480_000, (4702, 1799, 1458),
       "1.4 TRENDLINE MT; 1.4 COMFORTLINE TIPTRONIC; 1.4 HIGHLINE TIPTRONIC; "
       "1.4 R-LINE TIPTRONIC QUEMACOCOS; 2.0 GLI DSG", 4, (0.88, 1.3)),
    _s("Volkswagen", "Vento", (2015, 2022), 300_000, (4390, 1699, 1467),
       "1.6 STARLINE MT; 1.6 STARLINE TIPTRONIC; 1.6 COMFORTLINE MT; 1.6 COMFORTLINE TIPTRONIC; "
       "1.6 HIGHLINE TIPTRONIC; 1.6 SOUND TIPTRONIC", 4),
    _s("Volkswagen", "Polo", (2015, 2023), 285_000, (3971, 1682, 1469),
       "1.6 STARTLINE MT; 1.6 COMFORTLINE MT; 1.6 DESIGN & SOUND MT; 1.6 COMFORTLINE TIPTRONIC; "
       "1.6 HIGHLINE TIPTRONIC", 3),
    _s("Volkswagen", "Gol", (2015, 2022), 235_000, (3897, 1656, 1464),
       "1.6 CL MT; 1.6 TRENDLINE MT; 1.6 COMFORTLINE MT; 1.6 SPORT MT", 2),
    _s("Volkswagen", "Tiguan", (2015, 2017), 520_000, (4427, 1809, 1686),
       "1.4 TRENDLINE MT; 2.0 SPORT & STYLE TIPTRONIC; 2.0 TRACK & FUN 4MOTION TIPTRONIC", 1),
    _s("Volkswagen", "Tiguan", (2018, 2024), 700_000, (4701, 1839, 1674),
       "1.4 TRENDLINE PLUS TIPTRONIC; 1.4 COMFORTLINE TIPTRONIC 7 PASAJEROS; "
       "2.0 HIGHLINE TIPTRONIC 7 PASAJEROS; 2.0 R-LINE 4MOTION TIPTRONIC TECHO PANORAMICO", 3),
    _s("Volkswagen", "Taos", (2021, 2024), 560_000, (4461, 1841, 1628),
       "1.4 TRENDLINE TIPTRONIC; 1.4 COMFORTLINE TIPTRONIC; 1.4 HIGHLINE TIPTRONIC QUEMACOCOS", 3),
    _s("Volkswagen", "T-Cross", (2020, 2024), 430_000, (4199, 1760, 1568),
       "1.6 TRENDLINE MT; 1.6 COMFORTLINE TIPTRONIC; 1.6 HIGHLINE TIPTRONIC", 2),
    _s("Volkswagen", "Teramont", (2018, 2024), 1_000_000, (5036, 1989, 1769),
       "2.0 COMFORTLINE TIPTRONIC; 3.6 V6 HIGHLINE 4MOTION TIPTRONIC", 1),
    _s("Volkswagen", "Beetle", (2015, 2019), 380_000, (4278, 1808, 1486),
       "2.5 DESIGN MT; 2.5 SPORTLINE TIPTRONIC; 2.5 DUNE TIPTRONIC; 1.4 TSI SPORT DSG", 1),
    _s("Volkswagen", "Saveiro", (2015, 2023), 290_000, (4493, 1715, 1493),
       "1.6 ROBUST CABINA SENCILLA MT; 1.6 STARLINE MT; 1.6 CROSS DOBLE CABINA MT", 1),
    _s("Volkswagen", "Golf", (2015, 2020), 460_000, (4255, 1799, 1452),
       "1.4 TSI COMFORTLINE DSG; 1.4 TSI HIGHLINE DSG; 2.0 TSI GTI DSG", 1, (0.9, 1.3)),
    # Chevrolet
    _s("Chevrolet", "Aveo", (2015, 2017), 230_000, (4310, 1710, 1505),
       "1.6 LS MT; 1.6 LT MT; 1.6 LT AT; 1.6 LTZ AT", 3),
    _s("Chevrolet", "Aveo", (2018, 2023), 290_000, (4400, 1735, 1495),
       "1.5 LS MT; 1.5 LT MT; 1.5 LT AT; 1.5 LTZ AT", 4),
    _s("Chevrolet", "Onix", (2021, 2024), 330_000, (4474, 1730, 1471),
       "1.0 TURBO LS MT; 1.0 TURBO LT MT; 1.0 TURBO LT AT; 1.0 TURBO PREMIER AT", 3),
    _s("Chevrolet", "Beat", (2018, 2021), 215_000, (3635, 1597, 1522),
       "1.2 LS MT; 1.2 LT MT; 1.2 LTZ MT; 1.2 LT NB MT", 3),
    _s("Chevrolet", "Spark", (2016, 2022), 225_000, (3635, 1595, 1483),
       "1.4 LS MT; 1.4 LT MT; 1.4 LT CVT; 1.4 ACTIV MT; 1.4 LTZ MT", 3),
    _s("Chevrolet", "Trax", (2015, 2021), 380_000, (4248, 1776, 1674),
       "1.8 LS MT; 1.8 LT AT; 1.4 TURBO LTZ AT; 1.4 TURBO PREMIER AT", 2),
    _s("Chevrolet", "Trax", (2024, 2024), 440_000, (4537, 1823, 1560),
       "1.2 TURBO LS AT; 1.2 TURBO LT AT; 1.2 TURBO ACTIV AT; 1.2 TURBO RS AT", 1),
    _s("Chevrolet", "Tracker", (2021, 2024), 420_000, (4270, 1791, 1627),
       "1.2 TURBO LS MT; 1.2 TURBO LT AT; 1.2 TURBO PREMIER AT; 1.2 TURBO RS AT@2022", 3),
    _s("Chevrolet", "Cavalier", (2018, 2024), 360_000, (4544, 1779, 1480),
       "1.5 LS MT; 1.5 LT AT; 1.5 PREMIER AT; 1.5 TURBO RS AT@2022", 3),
    _s("Chevrolet", "Sonic", (2015, 2017), 270_000, (4399, 1735, 1517),
       "1.6 LS MT; 1.6 LT MT; 1.6 LTZ AT", 1),
    _s("Chevrolet", "Cruze", (2017, 2019), 400_000, (4666, 1791, 1458),
       "1.4 TURBO LS MT; 1.4 TURBO LT AT; 1.4 TURBO PREMIER AT QUEMACOCOS", 1),
    _s("Chevrolet", "Equinox", (2018, 2024), 600_000, (4652, 1843, 1661),
       "1.5 TURBO LS AT; 1.5 TURBO LT AT; 1.5 TURBO PREMIER AT; 2.0 TURBO PREMIER AT TECHO PANORAMICO", 2),
    _s("Chevrolet", "Camaro", (2016, 2023), 900_000, (4783, 1897, 1348),
       "2.0 TURBO LT COUPE AT; 3.6 V6 LT AT; 6.2 V8 SS AT; 6.2 V8 SS MT", 1, (0.8, 1.2)),
    _s("Chevrolet", "Silverado", (2019, 2024), 1_000_000, (5885, 2063, 1918),
       "4.3 V6 WT CABINA REGULAR AT; 5.3 V8 LT DOBLE CABINA AT; 5.3 V8 RST DOBLE CABINA AT; "
       "6.2 V8 HIGH COUNTRY DOBLE CABINA AT", 1, (0.7, 1.15)),
    _s("Chevrolet", "Tahoe", (2016, 2020), 1_250_000, (5182, 2044, 1889),
       "5.3 V8 LT AT; 5.3 V8 PREMIER AT", 1, (0.95, 1.12)),
    # Toyota
    _s("Toyota", "Corolla", (2015, 2019), 400_000, (4620, 1775, 1460),
       "1.8 BASE MT; 1.8 LE CVT; 1.8 SE CVT; 1.8 XLE CVT QUEMACOCOS", 3),
    _s("Toyota", "Corolla", (2020, 2024), 450_000, (4630, 1780, 1435),
       "2.0 BASE CVT; 2.0 LE CVT; 1.8 HIBRIDO CVT; 2.0 SE CVT", 4),
    _s("Toyota", "Yaris", (2016, 2022), 300_000, (4425, 1730, 1475),
       "1.5 CORE MT; 1.5 CORE CVT; 1.5 S CVT; 1.5 S HB CVT", 3),
    _s("Toyota", "RAV4", (2015, 2018), 560_000, (4570, 1845, 1660),
       "2.5 LE AT; 2.5 XLE AT; 2.5 LIMITED AT QUEMACOCOS", 2),
    _s("Toyota", "RAV4", (2019, 2024), 650_000, (4600, 1855, 1685),
       "2.5 LE AT; 2.5 XLE AT; 2.5 ADVENTURE AT; 2.5 LIMITED HIBRIDO CVT", 3),
    _s("Toyota", "Hilux", (2016, 2024), 560_000, (5330, 1855, 1815),
       "2.7 CABINA SENCILLA TM; 2.7 DOBLE CABINA BASE TM; 2.7 SR DOBLE CABINA TM; "
       "2.7 SR DOBLE CABINA TA; 2.8 DIESEL SR DOBLE CABINA TA", 3, PICKUP_SPREAD),
    _s("Toyota", "Avanza", (2015, 2021), 330_000, (4190, 1660, 1695),
       "1.5 LE MT; 1.5 LE AT; 1.5 XLE AT", 2),
    _s("Toyota", "Avanza", (2022, 2024), 370_000, (4395, 1730, 1700),
       "1.5 LE MT; 1.5 XLE CVT", 1),
    _s("Toyota", "Sienna", (2015, 2020), 850_000, (5085, 1985, 1750),
       "3.5 LE AT; 3.5 XLE AT; 3.5 LIMITED AT QUEMACOCOS", 1),
    _s("Toyota", "Sienna", (2021, 2024), 1_100_000, (5175, 1995, 1740),
       "2.5 XLE HIBRIDO CVT; 2.5 LIMITED HIBRIDO CVT", 1, (0.95, 1.1)),
    _s("Toyota", "Tacoma", (2016, 2023), 850_000, (5392, 1910, 1793),
       "3.5 V6 TRD SPORT DOBLE CABINA AT; 3.5 V6 TRD OFF ROAD DOBLE CABINA AT", 1, (0.95, 1.08)),
    _s("Toyota", "Camry", (2018, 2024), 620_000, (4885, 1840, 1445),
       "2.5 LE AT; 2.5 XLE AT; 2.5 XSE AT; 2.5 XLE HIBRIDO CVT", 1),
    _s("Toyota", "Prius", (2016, 2022), 520_000, (4540, 1760, 1470),
       "1.8 HIBRIDO BASE CVT; 1.8 HIBRIDO PREMIUM CVT", 1, (0.95, 1.08)),
    _s("Toyota", "C-HR", (2018, 2021), 480_000, (4360, 1795, 1565), "2.0 BASE CVT; 2.0 XLE CVT", 1),
    # Honda
    _s("Honda", "Civic", (2015, 2015), 420_000, (4525, 1755, 1435),
       "1.8 LX MT; 1.8 EX AT; 2.0 EXL NAVI AT QUEMACOCOS", 1),
    _s("Honda", "Civic", (2016, 2021), 480_000, (4648, 1799, 1416),
       "2.0 EX CVT; 2.0 I-STYLE CVT; 1.5 TURBO CVT; 1.5 TURBO PLUS CVT QUEMACOCOS; 1.5 SPORT HB CVT@2017", 3),
    _s("Honda", "Civic", (2022, 2024), 560_000, (4674, 1802, 1415),
       "2.0 I-STYLE CVT; 1.5 TURBO TOURING CVT QUEMACOCOS", 2),
    _s("Honda", "City", (2015, 2020), 320_000, (4440, 1695, 1477), "1.5 LX MT; 1.5 LX CVT; 1.5 EX CVT", 2),
    _s("Honda", "City", (2021, 2024), 360_000, (4553, 1748, 1467),
       "1.5 LX CVT; 1.5 SPORT CVT; 1.5 PRIME CVT; 1.5 SPORT HATCHBACK CVT", 2),
    _s("Honda", "Fit", (2015, 2020), 330_000, (4064, 1703, 1524), "1.5 FUN MT; 1.5 HIT CVT; 1.5 COOL CVT", 1),
    _s("Honda", "CR-V", (2015, 2016), 520_000, (4557, 1820, 1685), "2.4 LX AT; 2.4 EXL AT QUEMACOCOS", 1),
    _s("Honda", "CR-V", (2017, 2022), 610_000, (4585, 1855, 1679),
       "2.4 EX CVT; 1.5 TURBO CVT; 1.5 TURBO PLUS CVT QUEMACOCOS; 1.5 TOURING CVT QUEMACOCOS", 3),
    _s("Honda", "CR-V", (2023, 2024), 720_000, (4694, 1866, 1689),
       "1.5 TURBO CVT; 1.5 TURBO PLUS CVT; 1.5 TOURING CVT QUEMACOCOS", 1),
    _s("Honda", "HR-V", (2016, 2022), 450_000, (4294, 1772, 1605),
       "1.8 UNIQ CVT; 1.8 EPIC CVT; 1.8 PRIME CVT; 1.8 TOURING CVT QUEMACOCOS", 3),
    _s("Honda", "BR-V", (2017, 2022), 380_000, (4456, 1735, 1666), "1.5 UNIQ MT; 1.5 UNIQ CVT; 1.5 PRIME CVT", 2),
    _s("Honda", "Odyssey", (2015, 2017), 850_000, (5153, 2011, 1737), "3.5 EXL AT; 3.5 TOURING AT", 1),
    _s("Honda", "Odyssey", (2018, 2024), 1_050_000, (5161, 1994, 1735),
       "3.5 EXL AT; 3.5 TOURING AT; 3.5 BLACK EDITION AT", 1, (0.92, 1.1)),
    _s("Honda", "Accord", (2018, 2022), 650_000, (4882, 1862, 1450),
       "1.5 TURBO EX CVT; 1.5 TURBO SPORT CVT; 2.0 TURBO TOURING AT QUEMACOCOS", 1),
    # Mazda
    _s("Mazda", "Mazda 2", (2016, 2024), 330_000, (4340, 1695, 1470),
       "1.5 I SEDAN MT; 1.5 I SEDAN AT; 1.5 I TOURING SEDAN AT; 1.5 I GRAND TOURING SEDAN AT", 3),
    _s("Mazda", "Mazda 2", (2016, 2024), 320_000, (4065, 1695, 1495),
       "1.5 I HB MT; 1.5 I TOURING HB AT; 1.5 I GRAND TOURING HB AT", 2),
    _s("Mazda", "Mazda 3", (2015, 2018), 400_000, (4580, 1795, 1450),
       "2.0 I SEDAN MT; 2.0 I TOURING SEDAN AT; 2.5 S GRAND TOURING SEDAN AT QUEMACOCOS", 2),
    _s("Mazda", "Mazda 3", (2019, 2024), 460_000, (4660, 1797, 1440),
       "2.5 I SEDAN MT; 2.5 I SEDAN AT; 2.5 I SPORT SEDAN AT; 2.5 S GRAND TOURING SEDAN AT QUEMACOCOS", 3),
    _s("Mazda", "Mazda 3", (2019, 2024), 470_000, (4460, 1797, 1435),
       "2.5 I SPORT HB AT; 2.5 S GRAND TOURING HB AT; 2.5 SIGNATURE HB AT QUEMACOCOS", 2),
    _s("Mazda", "CX-3", (2016, 2021), 400_000, (4275, 1765, 1535),
       "2.0 I SPORT MT; 2.0 I SPORT AT; 2.0 I TOURING AT; 2.0 I GRAND TOURING AT", 2),
    _s("Mazda", "CX-30", (2020, 2024), 520_000, (4395, 1795, 1540),
       "2.0 I SPORT AT; 2.5 I GRAND TOURING AT; 2.5 S SIGNATURE AT QUEMACOCOS", 2),
    _s("Mazda", "CX-5", (2015, 2016), 480_000, (4540, 1840, 1670), "2.0 I SPORT AT; 2.5 S GRAND TOURING AT", 1),
    _s("Mazda", "CX-5", (2017, 2024), 620_000, (4550, 1840, 1680),
       "2.0 I SPORT AT; 2.5 I GRAND TOURING AT; 2.5 S GRAND TOURING AT QUEMACOCOS; 2.5 TURBO SIGNATURE AT", 3),
    _s("Mazda", "CX-9", (2017, 2023), 900_000, (5075, 1969, 1747),
       "2.5 TURBO I SPORT AT; 2.5 TURBO I GRAND TOURING AT; 2.5 TURBO SIGNATURE AT QUEMACOCOS", 1),
    # Kia
    _s("Kia", "Rio", (2016, 2023), 320_000, (4385, 1725, 1460),
       "1.6 L MT; 1.6 LX MT; 1.6 LX AT; 1.6 EX AT; 1.6 EX PACK AT QUEMACOCOS", 4),
    _s("Kia", "Rio", (2018, 2023), 310_000, (4065, 1725, 1450), "1.6 LX HB MT; 1.6 EX HB AT", 2),
    _s("Kia", "Forte", (2016, 2018), 370_000, (4560, 1780, 1445), "2.0 LX MT; 2.0 EX AT; 2.0 SX AT QUEMACOCOS", 2),
    _s("Kia", "Forte", (2019, 2023), 420_000, (4640, 1800, 1440),
       "2.0 LX MT; 2.0 LX CVT; 2.0 EX CVT; 2.0 GT LINE CVT; 1.6 TURBO GT DCT QUEMACOCOS@2020", 3),
    _s("Kia", "Seltos", (2020, 2024), 470_000, (4370, 1800, 1645),
       "1.6 LX MT; 1.6 EX CVT; 1.6 EX PACK CVT; 1.6 TURBO SX DCT QUEMACOCOS", 3),
    _s("Kia", "Sportage", (2016, 2022), 550_000, (4485, 1855, 1645),
       "2.0 LX MT; 2.0 LX AT; 2.0 EX AT; 2.0 EX PACK AT TECHO PANORAMICO; 2.4 SXL AT TECHO PANORAMICO", 3),
    _s("Kia", "Sportage", (2023, 2024), 650_000, (4660, 1865, 1665),
       "2.0 LX AT; 2.5 EX AT; 2.5 SX AT; 1.6 TURBO HIBRIDO SXL AT", 1),
    _s("Kia", "Soul", (2016, 2022), 380_000, (4195, 1800, 1600), "2.0 LX MT; 2.0 EX AT; 2.0 EX PACK CVT", 1),
    _s("Kia", "Sorento", (2016, 2024), 750_000, (4800, 1890, 1690),
       "2.4 LX AT; 2.4 EX AT; 3.3 V6 SXL AT 7 PASAJEROS", 1),
    _s("Kia", "Carnival", (2022, 2024), 950_000, (5155, 1995, 1775), "3.5 V6 EX AT; 3.5 V6 SX AT", 1),
    # Hyundai
    _s("Hyundai", "Grand i10", (2015, 2024), 270_000, (3765, 1660, 1520),
       "1.2 GL MT; 1.2 GL MID MT; 1.2 GLS MT; 1.2 GLS AT", 4),
    _s("Hyundai", "Grand i10", (2015, 2024), 280_000, (3995, 1660, 1520),
       "1.2 GL SEDAN MT; 1.2 GLS SEDAN MT; 1.2 GLS SEDAN AT", 2),
    _s("Hyundai", "Accent", (2018, 2023), 310_000, (4385, 1729, 1460),
       "1.6 GL MT; 1.6 GL MID AT; 1.6 GLS AT; 1.6 GLS HB AT", 3),
    _s("Hyundai", "Creta", (2017, 2022), 400_000, (4270, 1780, 1630),
       "1.6 GLS MT; 1.6 GLS AT; 1.6 GLS PREMIUM AT; 1.6 LIMITED AT QUEMACOCOS", 3),
    _s("Hyundai", "Creta", (2023, 2024), 440_000, (4315, 1790, 1635), "1.5 GL CVT; 1.5 LIMITED CVT QUEMACOCOS", 1),
    _s("Hyundai", "Tucson", (2016, 2021), 520_000, (4475, 1850, 1660),
       "2.0 GLS AT; 2.0 GLS PREMIUM AT; 2.0 LIMITED AT; 2.4 LIMITED TECH AT TECHO PANORAMICO", 3),
    _s("Hyundai", "Tucson", (2022, 2024), 620_000, (4630, 1865, 1665),
       "2.0 GLS AT; 2.0 LIMITED AT; 2.0 LIMITED TECH AT; 1.6 TURBO HIBRIDO LIMITED AT", 2),
    _s("Hyundai", "Elantra", (2016, 2024), 420_000, (4620, 1800, 1450),
       "2.0 GL MT; 2.0 GLS AT; 2.0 LIMITED AT; 2.0 LIMITED TECH AT QUEMACOCOS", 2),
    # Ford
    _s("Ford", "Figo", (2016, 2020), 260_000, (4254, 1695, 1525),
       "1.5 IMPULSE SEDAN MT; 1.5 ENERGY SEDAN MT; 1.5 ENERGY SEDAN AT; 1.5 TITANIUM SEDAN AT", 3),
    _s("Ford", "Figo", (2016, 2020), 250_000, (3886, 1695, 1525), "1.5 IMPULSE HB MT; 1.5 ENERGY HB MT", 1),
    _s("Ford", "Fiesta", (2015, 2019), 290_000, (4409, 1722, 1473),
       "1.6 S MT; 1.6 SE MT; 1.6 SE AT; 1.6 TITANIUM AT", 2),
    _s("Ford", "Focus", (2015, 2018), 380_000, (4538, 1823, 1484), "2.0 S MT; 2.0 SE AT; 2.0 TITANIUM AT", 1),
    _s("Ford", "Ranger", (2016, 2023), 620_000, (5359, 1850, 1815),
       "2.5 XL CABINA SENCILLA MT; 2.5 XL DOBLE CABINA MT; 2.5 XLT DOBLE CABINA MT; "
       "3.2 DIESEL XLT DOBLE CABINA AT; 3.2 DIESEL LIMITED 4X4 DOBLE CABINA AT", 3, PICKUP_SPREAD),
    _s("Ford", "Lobo", (2015, 2024), 1_150_000, (5890, 2029, 1961),
       "3.3 V6 XL CABINA REGULAR AT; 5.0 V8 XL DOBLE CABINA AT; 5.0 V8 XLT DOBLE CABINA AT; "
       "3.5 V6 ECOBOOST LARIAT DOBLE CABINA AT QUEMACOCOS", 2, (0.72, 1.15)),
    _s("Ford", "Escape", (2015, 2019), 520_000, (4524, 1838, 1684),
       "2.5 S AT; 2.0 ECOBOOST SE AT; 2.0 ECOBOOST TITANIUM AT TECHO PANORAMICO", 2),
    _s("Ford", "Escape", (2020, 2022), 580_000, (4585, 1882, 1679),
       "2.0 ECOBOOST SE AT; 2.5 HIBRIDO SE CVT; 2.0 ECOBOOST TITANIUM AT", 1),
    _s("Ford", "Explorer", (2016, 2019), 820_000, (5037, 2004, 1803),
       "3.5 V6 XLT AT; 2.3 ECOBOOST XLT AT; 3.5 V6 LIMITED AT QUEMACOCOS", 1),
    _s("Ford", "Explorer", (2020, 2024), 1_050_000, (5050, 2004, 1778),
       "2.3 ECOBOOST XLT AT; 2.3 ECOBOOST LIMITED AT; 3.0 V6 PLATINUM AT QUEMACOCOS", 2, (0.9, 1.18)),
    _s("Ford", "Mustang", (2015, 2023), 950_000, (4784, 1916, 1381),
       "2.3 ECOBOOST COUPE AT; 5.0 V8 GT MT; 5.0 V8 GT AT; 5.0 V8 GT CALIFORNIA SPECIAL AT", 1, (0.72, 1.08)),
    _s("Ford", "EcoSport", (2015, 2021), 360_000, (4096, 1765, 1653),
       "1.5 IMPULSE MT; 2.0 TREND AT; 2.0 TITANIUM AT QUEMACOCOS", 2),
    _s("Ford", "Maverick", (2022, 2024), 640_000, (5072, 1844, 1745),
       "2.5 HIBRIDO XLT CVT; 2.0 ECOBOOST XLT AWD AT; 2.0 ECOBOOST LARIAT AWD AT", 1),
    # Renault
    _s("Renault", "Kwid", (2019, 2024), 235_000, (3679, 1579, 1474),
       "1.0 LIFE MT; 1.0 ZEN MT; 1.0 INTENS MT; 1.0 OUTSIDER MT; 1.0 ICONIC MT", 3),
    _s("Renault", "Duster", (2015, 2021), 360_000, (4315, 1822, 1690),
       "1.6 EXPRESSION MT; 2.0 DYNAMIQUE MT; 2.0 DYNAMIQUE AT; 2.0 INTENS AT", 2),
    _s("Renault", "Stepway", (2016, 2023), 290_000, (4080, 1761, 1618),
       "1.6 EXPRESSION MT; 1.6 ZEN MT; 1.6 INTENS MT; 1.6 INTENS CVT", 2),
    _s("Renault", "Sandero", (2016, 2022), 255_000, (4068, 1733, 1523), "1.6 LIFE MT; 1.6 ZEN MT; 1.6 INTENS AT", 1),
    _s("Renault", "Logan", (2016, 2024), 265_000, (4349, 1733, 1517), "1.6 LIFE MT; 1.6 ZEN MT; 1.6 INTENS AT", 2),
    _s("Renault", "Oroch", (2020, 2024), 400_000, (4700, 1821, 1694),
       "1.6 ZEN DOBLE CABINA MT; 2.0 OUTSIDER DOBLE CABINA AT", 1),
    # SEAT
    _s("SEAT", "Ibiza", (2015, 2017), 300_000, (4061, 1693, 1445),
       "1.6 REFERENCE MT; 1.6 STYLE MT; 1.2 TSI FR DSG", 1),
    _s("SEAT", "Ibiza", (2018, 2023), 340_000, (4059, 1780, 1447),
       "1.6 REFERENCE MT; 1.6 STYLE TIPTRONIC; 1.6 XCELLENCE TIPTRONIC; 1.6 FR TIPTRONIC", 2),
    _s("SEAT", "León", (2015, 2021), 470_000, (4271, 1816, 1459),
       "1.4 TSI STYLE DSG; 1.4 TSI XCELLENCE DSG; 1.8 TSI FR DSG; 2.0 TSI CUPRA DSG", 2, (0.9, 1.3)),
    _s("SEAT", "Ateca", (2017, 2024), 560_000, (4363, 1841, 1615),
       "1.4 TSI STYLE TIPTRONIC; 1.4 TSI XCELLENCE TIPTRONIC; 2.0 TSI FR 4DRIVE DSG TECHO PANORAMICO", 2),
    _s("SEAT", "Arona", (2019, 2024), 420_000, (4138, 1780, 1552),
       "1.6 REFERENCE MT; 1.6 STYLE TIPTRONIC; 1.6 XCELLENCE TIPTRONIC; 1.6 FR TIPTRONIC", 2),
    _s("SEAT", "Toledo", (2015, 2019), 320_000, (4482, 1706, 1461),
       "1.6 REFERENCE MT; 1.6 STYLE MT; 1.4 TSI XCELLENCE DSG", 1),
    # Suzuki
    _s("Suzuki", "Swift", (2015, 2017), 270_000, (3850, 1695, 1510), "1.4 GLS MT; 1.4 GLS AT; 1.6 SPORT MT", 1),
    _s("Suzuki", "Swift", (2018, 2024), 300_000, (3840, 1735, 1495),
       "1.2 GL MT; 1.2 GL CVT; 1.2 GLX CVT; 1.0 BOOSTERJET MT; 1.4 BOOSTERJET SPORT MT@2019", 3),
    _s("Suzuki", "Vitara", (2016, 2024), 420_000, (4175, 1775, 1610),
       "1.6 GL MT; 1.6 GLS AT; 1.4 BOOSTERJET GLX AT QUEMACOCOS", 2),
    _s("Suzuki", "Ertiga", (2019, 2024), 340_000, (4395, 1735, 1690), "1.5 GA MT; 1.5 GLS MT; 1.5 GLX AT", 2),
    _s("Suzuki", "Ciaz", (2016, 2022), 300_000, (4490, 1730, 1485), "1.4 GLS MT; 1.4 GLS AT; 1.4 GLX AT", 1),
    _s("Suzuki", "Jimny", (2020, 2024), 460_000, (3480, 1645, 1720), "1.5 GLX MT; 1.5 GLX AT", 1, (0.97, 1.03)),
    # Mitsubishi
    _s("Mitsubishi", "L200", (2016, 2024), 560_000, (5285, 1815, 1780),
       "2.4 GL CABINA SENCILLA MT; 2.4 GLS DOBLE CABINA MT; 2.4 DIESEL GLS DOBLE CABINA MT; "
       "2.4 DIESEL 4X4 DOBLE CABINA AT", 2, PICKUP_SPREAD),
    _s("Mitsubishi", "Outlander", (2016, 2021), 560_000, (4695, 1810, 1710),
       "2.4 ES CVT; 2.4 SE CVT; 2.4 LIMITED CVT QUEMACOCOS", 1),
    _s("Mitsubishi", "Mirage", (2016, 2024), 265_000, (3795, 1665, 1510), "1.2 GLX MT; 1.2 GLX CVT; 1.2 GLS CVT", 1),
    _s("Mitsubishi", "Mirage G4", (2016, 2024), 280_000, (4305, 1670, 1515), "1.2 GLX MT; 1.2 GLX CVT; 1.2 GLS CVT", 1),
    # Peugeot
    _s("Peugeot", "208", (2015, 2020), 300_000, (3962, 1739, 1460), "1.6 ACTIVE MT; 1.6 ALLURE AT; 1.6 THP GT MT", 1),
    _s("Peugeot", "2008", (2015, 2020), 380_000, (4159, 1739, 1556),
       "1.6 ACTIVE MT; 1.6 ALLURE AT; 1.6 THP GT LINE AT TECHO PANORAMICO", 1),
    _s("Peugeot", "3008", (2018, 2024), 600_000, (4447, 1841, 1624),
       "1.6 THP ACTIVE AT; 1.6 THP ALLURE AT; 1.6 THP GT LINE AT TECHO PANORAMICO", 1),
    # Premium
    _s("BMW", "Serie 3", (2015, 2019), 1_000_000, (4633, 1811, 1429),
       "2.0 320I SPORT LINE STEPTRONIC; 2.0 330I SPORT LINE STEPTRONIC; 2.0 330I M SPORT STEPTRONIC; "
       "3.0 340I M SPORT STEPTRONIC QUEMACOCOS", 2, (0.85, 1.25)),
    _s("BMW", "Serie 3", (2020, 2024), 1_050_000, (4709, 1827, 1442),
       "2.0 320I SPORT LINE STEPTRONIC; 2.0 330I SPORT LINE STEPTRONIC; 2.0 330I M SPORT STEPTRONIC QUEMACOCOS", 2),
    _s("BMW", "Serie 1", (2016, 2019), 600_000, (4329, 1765, 1440),
       "1.5 118I URBAN LINE STEPTRONIC; 2.0 120I SPORT LINE STEPTRONIC", 1),
    _s("BMW", "X1", (2016, 2022), 850_000, (4439, 1821, 1598),
       "1.5 SDRIVE18I STEPTRONIC; 2.0 SDRIVE20I SPORT LINE STEPTRONIC; 2.0 XDRIVE25I M SPORT STEPTRONIC QUEMACOCOS",
       2),
    _s("BMW", "X3", (2018, 2024), 1_250_000, (4708, 1891, 1676),
       "2.0 SDRIVE20I STEPTRONIC; 2.0 XDRIVE30I M SPORT STEPTRONIC TECHO PANORAMICO", 1, (0.9, 1.12)),
    _s("Mercedes Benz", "Clase A", (2016, 2018), 600_000, (4299, 1780, 1433),
       "1.6 A200 URBAN DCT; 1.6 A200 SPORT DCT; 2.0 A250 SPORT DCT", 1),
    _s("Mercedes Benz", "Clase A", (2019, 2024), 720_000, (4419, 1796, 1440),
       "1.3 A200 PROGRESSIVE DCT; 2.0 A250 AMG LINE DCT QUEMACOCOS", 1),
    _s("Mercedes Benz", "Clase A", (2019, 2024), 740_000, (4549, 1796, 1446),
       "1.3 A200 SEDAN PROGRESSIVE DCT; 1.3 A200 SEDAN AMG LINE DCT", 1),
    _s("Mercedes Benz", "Clase C", (2015, 2021), 950_000, (4686, 1810, 1442),
       "1.6 C180 EXCLUSIVE AT; 2.0 C200 SPORT AT; 2.0 C300 AMG LINE AT QUEMACOCOS; 2.0 C300 COUPE AT", 2,
       (0.85, 1.2)),
    _s("Mercedes Benz", "Clase C", (2022, 2024), 1_100_000, (4751, 1820, 1438),
       "1.5 C200 AVANTGARDE AT; 2.0 C300 AMG LINE AT", 1, (0.92, 1.1)),
    _s("Mercedes Benz", "GLA", (2016, 2020), 720_000, (4417, 1804, 1494),
       "1.6 GLA 200 URBAN DCT; 1.6 GLA 200 SPORT DCT; 2.0 GLA 250 SPORT DCT TECHO PANORAMICO", 1),
    _s("Mercedes Benz", "GLA", (2021, 2024), 820_000, (4410, 1834, 1611),
       "1.3 GLA 200 PROGRESSIVE DCT; 2.0 GLA 250 AMG LINE DCT TECHO PANORAMICO", 1),
    _s("Mercedes Benz", "GLC", (2016, 2024), 1_300_000, (4656, 1890, 1639),
       "2.0 GLC 300 OFF ROAD AT; 2.0 GLC 300 SPORT AT TECHO PANORAMICO", 1, (0.95, 1.08)),
    _s("Audi", "A3", (2015, 2024), 600_000, (4456, 1796, 1416),
       "1.4 TFSI SELECT SEDAN AUTO; 1.4 TFSI DYNAMIC SEDAN AUTO; 2.0 TFSI S LINE SEDAN AUTO QUEMACOCOS", 2),
    _s("Audi", "A3", (2015, 2020), 580_000, (4313, 1785, 1426),
       "1.4 TFSI SPORTBACK SELECT AUTO; 1.4 TFSI SPORTBACK DYNAMIC AUTO", 1),
    _s("Audi", "Q3", (2015, 2018), 680_000, (4388, 1831, 1608),
       "1.4 TFSI LUXURY AUTO; 2.0 TFSI ELITE QUATTRO AUTO", 1),
    _s("Audi", "Q3", (2019, 2024), 780_000, (4484, 1849, 1616),
       "1.4 TFSI SELECT AUTO; 2.0 TFSI S LINE AUTO TECHO PANORAMICO", 1),
    _s("Audi", "Q5", (2018, 2024), 1_150_000, (4663, 1893, 1659),
       "2.0 TFSI SELECT QUATTRO AUTO; 2.0 TFSI ELITE QUATTRO AUTO TECHO PANORAMICO", 1, (0.95, 1.1)),
    _s("Volvo", "XC40", (2019, 2024), 850_000, (4425, 1863, 1652),
       "2.0 T4 MOMENTUM AT; 2.0 T5 R-DESIGN AWD AT TECHO PANORAMICO", 1),
    _s("Volvo", "XC60", (2018, 2024), 1_200_000, (4688, 1902, 1658),
       "2.0 T5 MOMENTUM AT; 2.0 T6 INSCRIPTION AWD AT TECHO PANORAMICO", 1, (0.92, 1.1)),
    _s("Volvo", "XC90", (2016, 2021), 1_600_000, (4950, 1958, 1776),
       "2.0 T6 MOMENTUM AWD AT; 2.0 T6 INSCRIPTION AWD AT TECHO PANORAMICO", 1, (0.95, 1.08)),
    _s("Mini", "Cooper", (2015, 2024), 560_000, (3821, 1727, 1414),
       "1.5 COOPER SALT MT; 1.5 COOPER CHILI STEPTRONIC; 2.0 COOPER S HOT CHILI STEPTRONIC QUEMACOCOS", 2),
    _s("Mini", "Countryman", (2017, 2024), 760_000, (4299, 1822, 1557),
       "1.5 COOPER SALT STEPTRONIC; 2.0 COOPER S CHILI STEPTRONIC TECHO PANORAMICO", 1),
    # MG
    _s("MG", "MG5", (2021, 2024), 300_000, (4675, 1842, 1473),
       "1.5 STD MT; 1.5 EXCITE CVT; 1.5 ELEGANCE CVT QUEMACOCOS", 2),
    _s("MG", "ZS", (2021, 2024), 340_000, (4323, 1809, 1653),
       "1.5 EXCITE MT; 1.5 EXCITE AT; 1.5 ELEGANCE AT QUEMACOCOS; 1.3 TURBO TROPHY AT TECHO PANORAMICO", 2),
    _s("MG", "HS", (2021, 2024), 480_000, (4574, 1876, 1685),
       "1.5 TURBO EXCITE DCT; 1.5 TURBO TROPHY DCT TECHO PANORAMICO", 1),
    # Jeep / Dodge / RAM / Chrysler
    _s("Jeep", "Compass", (2015, 2017), 450_000, (4448, 1810, 1656), "2.4 SPORT CVT; 2.4 LATITUDE AT", 1),
    _s("Jeep", "Compass", (2018, 2024), 620_000, (4394, 1819, 1629),
       "2.4 SPORT AT; 2.4 LATITUDE AT; 2.4 LIMITED AT TECHO PANORAMICO; 2.4 TRAILHAWK 4X4 AT", 3),
    _s("Jeep", "Wrangler", (2015, 2018), 850_000, (4705, 1877, 1800),
       "3.6 V6 SPORT 4X4 MT; 3.6 V6 UNLIMITED SAHARA AT; 3.6 V6 UNLIMITED RUBICON AT", 1),
    _s("Jeep", "Wrangler", (2019, 2024), 1_150_000, (4785, 1875, 1868),
       "2.0 TURBO UNLIMITED SPORT AT; 3.6 V6 UNLIMITED SAHARA AT; 3.6 V6 UNLIMITED RUBICON AT", 2,
       (0.88, 1.12)),
    _s("Jeep", "Cherokee", (2015, 2021), 700_000, (4624, 1859, 1669),
       "2.4 LATITUDE AT; 3.2 V6 LIMITED AT QUEMACOCOS; 3.2 V6 TRAILHAWK 4X4 AT", 1),
    _s("Jeep", "Grand Cherokee", (2015, 2021), 1_050_000, (4828, 1943, 1792),
       "3.6 V6 LAREDO AT; 3.6 V6 LIMITED AT QUEMACOCOS; 5.7 V8 OVERLAND AT TECHO PANORAMICO", 1),
    _s("Jeep", "Renegade", (2017, 2021), 450_000, (4236, 1805, 1667),
       "1.8 SPORT AT; 1.8 LATITUDE AT; 1.8 LIMITED AT", 1),
    _s("Dodge", "Attitude", (2015, 2024), 275_000, (4305, 1670, 1515), "1.2 SE MT; 1.2 SXT MT; 1.2 SXT CVT", 3),
    _s("Dodge", "Neon", (2017, 2021), 320_000, (4532, 1792, 1497), "1.6 SE MT; 1.6 SXT AT; 2.0 SXT PLUS AT", 1),
    _s("Dodge", "Journey", (2015, 2020), 540_000, (4888, 1834, 1692),
       "2.4 SE AT; 2.4 SXT AT 7 PASAJEROS; 3.6 V6 RT AT 7 PASAJEROS", 1),
    _s("Dodge", "Durango", (2015, 2024), 1_100_000, (5110, 1924, 1801),
       "3.6 V6 SXT AT; 3.6 V6 GT AT; 5.7 V8 RT AT QUEMACOCOS", 1),
    _s("Dodge", "Charger", (2015, 2023), 850_000, (5100, 1905, 1480), "3.6 V6 SXT AT; 5.7 V8 RT AT", 1),
    _s("Dodge", "Challenger", (2015, 2023), 950_000, (5027, 1923, 1449), "3.6 V6 SXT AT; 5.7 V8 RT AT", 1),
    _s("RAM", "700", (2015, 2023), 330_000, (4470, 1730, 1600),
       "1.6 SLT CABINA REGULAR MT; 1.6 SLT CABINA Y MEDIA MT; 1.6 BIG HORN CREW CAB MT", 2),
    _s("RAM", "1500", (2015, 2024), 1_150_000, (5816, 2017, 1971),
       "3.6 V6 SLT QUAD CAB AT; 5.7 V8 BIG HORN CREW CAB AT; 5.7 V8 LARAMIE CREW CAB AT QUEMACOCOS",
       2, (0.8, 1.15)),
    _s("Chrysler", "Pacifica", (2017, 2024), 1_000_000, (5172, 2022, 1777),
       "3.6 V6 TOURING L AT; 3.6 V6 LIMITED AT TECHO PANORAMICO", 1),
    # Chinese makes
    _s("Chirey", "Tiggo 2 Pro", (2023, 2024), 320_000, (4200, 1760, 1590), "1.5 COMFORT MT; 1.5 LUXURY CVT", 1),
    _s("Chirey", "Tiggo 4 Pro", (2022, 2024), 380_000, (4318, 1831, 1662),
       "1.5 COMFORT MT; 1.5 LUXURY CVT; 1.5 TURBO PREMIUM CVT QUEMACOCOS", 2),
    _s("Chirey", "Tiggo 7 Pro", (2022, 2024), 500_000, (4500, 1842, 1746),
       "1.5 TURBO LUXURY CVT; 1.5 TURBO PREMIUM CVT TECHO PANORAMICO", 1),
    _s("Chirey", "Tiggo 8 Pro", (2022, 2024), 620_000, (4722, 1860, 1705),
       "1.6 TURBO PREMIUM DCT; 2.0 TURBO MAX DCT TECHO PANORAMICO", 1),
    _s("JAC", "Sei2", (2019, 2023), 300_000, (4135, 1750, 1550), "1.6 COMFORT MT; 1.6 LIMITED CVT", 1),
    _s("JAC", "Sei4 Pro", (2022, 2024), 400_000, (4410, 1800, 1660), "1.5 TURBO LIMITED CVT QUEMACOCOS", 1),
    _s("JAC", "J7", (2022, 2024), 380_000, (4775, 1820, 1492), "1.5 TURBO LIMITED CVT", 1),
    _s("JAC", "Frison T8", (2021, 2024), 500_000, (5325, 1880, 1830),
       "2.0 DIESEL DOBLE CABINA MT; 2.0 DIESEL 4X4 DOBLE CABINA MT", 1, (0.95, 1.05)),
)


def _pick_specs(rng: random.Random, count: int) -> list[ModelSpec]:
    """One spec per model first (so every model appears), the rest by popularity."""
    by_model: dict[tuple[str, str], list[ModelSpec]] = {}
    for spec in SPECS:
        by_model.setdefault((spec.make, spec.model), []).append(spec)
    groups = list(by_model.values())
    rng.shuffle(groups)
    picks = [rng.choices(g, weights=[s.weight for s in g])[0] for g in groups[:count]]
    extra = max(0, count - len(picks))
    picks += rng.choices(SPECS, weights=[s.weight for s in SPECS], k=extra)
    return picks


def _version_factor(spec: ModelSpec, index: int) -> tuple[float, float]:
    """Price factor and trim level (0 base .. 1 top) of the version at `index`."""
    level = index / (len(spec.versions) - 1) if len(spec.versions) > 1 else 0.5
    low, high = spec.spread
    return low + (high - low) * level, level


def _drop_transmission(version: str) -> str:
    return " ".join(t for t in version.split() if t not in TRANSMISSION_TOKENS)


def _km(rng: random.Random, age: int) -> int:
    per_year = rng.uniform(3_000, 8_000) if rng.random() < 0.08 else rng.uniform(12_000, 20_000)
    years_driven = max(0.3, age - rng.uniform(0.0, 0.8))
    return max(300, int(years_driven * per_year * rng.uniform(0.85, 1.15)))


def _price(rng: random.Random, spec: ModelSpec, factor: float, age: int, km: int) -> int:
    """Used price: 2024-equivalent new price, depreciated by age and km, with noise."""
    retention = 0.93 * 0.945 ** (age - 1)
    if spec.make in LUXURY_MAKES:
        retention *= 0.955 ** age
    elif spec.make in STRONG_RESALE_MAKES or spec.model in STRONG_RESALE_MODELS:
        retention *= 1.06
    km_years_over = (km - age * 15_000) / 15_000
    km_factor = min(1.06, max(0.88, 1 - 0.025 * km_years_over))
    value = spec.new_price * factor * retention * km_factor * rng.uniform(0.95, 1.05)
    thousands = max(90, round(value / 1000))
    return thousands * 1000 if rng.random() < 0.15 else thousands * 1000 - 1


def _equipment(rng: random.Random, spec: ModelSpec, year: int, level: float) -> tuple[str, str]:
    """Bluetooth and CarPlay flags ("Sí" or ""): likelier on newer, higher and premium trims."""
    premium = 0.2 if spec.make in LUXURY_MAKES else 0.0
    p_bluetooth = min(0.97, 0.3 + 0.08 * (year - 2015) + 0.35 * level + premium)
    p_carplay = 0.0 if year < 2016 else min(0.92, -0.15 + 0.09 * (year - 2016) + 0.4 * level + premium)
    carplay = rng.random() < p_carplay
    bluetooth = carplay or rng.random() < p_bluetooth
    return ("Sí" if bluetooth else ""), ("Sí" if carplay else "")


def _messy_make(rng: random.Random, make: str) -> str:
    """Occasionally reproduce the real file's inconsistent spelling of makes."""
    roll = rng.random()
    if roll < 0.03:
        return make.upper()
    if roll < 0.045:
        return make.lower()
    if make == "Mercedes Benz" and roll < 0.3:
        return rng.choice(["Mercedes  Benz", "Mercedes-Benz"])
    return make


def _row(rng: random.Random, spec: ModelSpec, stock_id: int) -> dict[str, str]:
    years = spec.years
    year = rng.choices(years, weights=[YEAR_WEIGHTS[y] for y in years])[0]
    index, version = rng.choice(spec.versions_for(year))
    factor, level = _version_factor(spec, index)
    if rng.random() < 0.05:
        version = _drop_transmission(version)
    age = max(1, CATALOG_YEAR - year)
    km = _km(rng, age)
    bluetooth, carplay = _equipment(rng, spec, year, level)
    dims = ("", "", "") if rng.random() < 0.1 else tuple(f"{float(d):.1f}" for d in spec.dims)
    return {
        "stockId": str(stock_id),
        "km": str(km),
        "price": f"{float(_price(rng, spec, factor, age, km)):.1f}",
        "make": _messy_make(rng, spec.make),
        "model": spec.model.upper() if rng.random() < 0.03 else spec.model,
        "year": str(year),
        "version": version,
        "bluetooth": bluetooth,
        "largo": dims[0],
        "ancho": dims[1],
        "altura": dims[2],
        "carPlay": carplay,
    }


def generate_rows(seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[dict[str, str]]:
    """`count` catalog rows, identical for the same seed, sorted by stockId."""
    rng = random.Random(seed)
    stock_ids = sorted(rng.sample(range(100_000, 1_000_000), count))
    specs = _pick_specs(rng, count)
    rng.shuffle(specs)
    return [_row(rng, spec, stock_id) for spec, stock_id in zip(specs, stock_ids)]


def write_catalog(rows: list[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = generate_rows(args.seed, args.count)
    write_catalog(rows, args.out)
    print(f"wrote {len(rows)} cars to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
