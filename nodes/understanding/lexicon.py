"""Vocabulary of Mexican WhatsApp Spanish for the rule-based understanding layer.

Every pattern runs on folded text (lower case, no accents), so "automático" and
"automatico" match alike. Patterns are whole-word regexes compiled once.
"""

from __future__ import annotations

import re


def words(*alternatives: str) -> re.Pattern[str]:
    """A whole-word regex for any of `alternatives` (each itself a regex)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


INTENT_CUES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "greeting": [
        (words(r"hol+a+s?", "holi", r"buen[oa]s? (?:dias|tardes|noches)", "buenas", "que tal",
               "saludos", "hey", "hi", "hello", "que onda", "quiubo", "q onda", "que hubo"), 1.0),
    ],
    "thanks_bye": [
        (words("gracias", "grax", "thx", "thanks", "thank you", "mil gracias", "muy amable"), 1.2),
        (words("adios", "bye", "hasta luego", "hasta pronto", "nos vemos", "chao", "chau",
               "eso es todo", "es todo", "luego te escribo", "lo voy a pensar", "lo pienso",
               "hasta manana", "cuidate", "buen dia"), 1.6),
    ],
    "handoff": [
        (words(r"asesor(?:a|es)?", "humano", r"persona (?:real|de verdad)", r"agente (?:humano|real)",
               r"hablar con (?:alguien|una persona|un asesor|un humano)", "ejecutivo", r"vendedor(?:a)?",
               r"llam(?:ame|enme|arme)", r"marc(?:ame|enme)", "queja", "gerente", "supervisor",
               "no eres un bot", "contactar a alguien", "atencion a clientes"), 3.0),
    ],
    "book_appointment": [
        (words("cita", r"agend(?:ar|a|o|ame|emos)", r"visit(?:a|ar|arlos|arlo)",
               r"ir a ver(?:lo|la)?", r"pasar a ver(?:lo|la)?", "prueba de manejo", r"manejar(?:lo|la)",
               r"test ?drive", "verlo en persona", "verla en persona", r"apart(?:ar|arlo|arla|o)",
               r"conocer(?:lo|la)", r"probar(?:lo|la)", "ir a la sucursal", "puedo ir"), 3.0),
    ],
    "company_info": [
        (words("garantia", "devolucion", r"devolver(?:lo|la)?", r"regresar(?:lo|la)",
               "periodo de prueba", r"7 dias", r"siete dias", "300 km", r"certificad[oa]s?",
               "certificacion", r"inspeccion(?:ados|an|ados|adas)?", r"sucursal(?:es)?", r"sedes?",
               r"agencias?", r"donde (?:estan|se ubican|quedan|los encuentro|tienen|puedo ver)",
               r"ubicacion(?:es)?", "direccion", r"horarios?", "documentos", "papeles", "papeleria",
               "requisitos", r"tramites?", r"(?:mi|el) (?:auto|carro|coche|nave) (?:a|como) cuenta",
               "a cuenta", r"toma de (?:auto|carro)", r"vender (?:mi|un) (?:auto|carro|coche|nave)",
               r"compran (?:autos|carros)", "app", "aplicacion", "kavak", "quienes son",
               "como funciona", r"como (?:le hago para )?compr(?:o|ar)", "seguro", r"comision(?:es)?",
               "cat", "a domicilio", "confiable", "en linea", "videollamada", "mantenimiento",
               "kavak total", r"consignacion", "deposito", "unicornio", "es seguro comprar",
               r"proceso de compra"), 3.0),
    ],
    "financing": [
        (words(r"financ\w*", "credito", r"mensualidad(?:es)?", "a meses", "enganche", r"plazos?",
               r"pagos? (?:mensual(?:es)?|chiquitos)", r"cuanto (?:pagaria|quedaria|saldria|seria) al mes",
               r"cuanto (?:pagaria|quedaria|saldria) de mensualidad", r"interes(?:es)?", "tasa",
               "al mes", r"mensual(?:es)?", "amortizacion", "tabla de pagos", r"cuotas?",
               r"pagarlo (?:en|a)", r"a (?:3|4|5|6|tres|cuatro|cinco|seis) anos",
               r"(?:36|48|60|72) meses"), 2.5),
    ],
    "car_details": [
        (words(r"mas (?:info|informacion|detalles|datos)", "detalles", "caracteristicas", "ficha",
               "cuantos km", "cuantos kilometros", "que version", "equipamiento", "cuentame mas",
               "dime mas", "especificaciones", "que trae", "que tal esta", r"me (?:interesa|gusta|late) (?:el|la|ese|esa|este|esta)",
               "de que color", "en que estado"), 2.5),
    ],
    "search_cars": [
        (words("busco", "buscando", "ando buscando", "quiero", "quisiera", "me interesa",
               "tienes", "tienen", "hay", "manejan", "opciones", r"muestra(?:me)?", r"ensena(?:me)?",
               r"autos?", r"carros?", r"coches?", r"camionetas?", r"trocas?", r"naves?", "vehiculo",
               "presupuesto", "economico", "barato", r"recomienda(?:s|n)?", "recomendacion",
               "mas opciones", "otras opciones", "ver mas", "algo", "necesito", "ocupo",
               "disponibles", "inventario", "catalogo", "seminuevos?"), 1.0),
    ],
    "out_of_scope": [
        (words("clima", "futbol", "receta", "chiste", "politica", "presidente", "tarea",
               "bitcoin", "pelicula", "cancion", "novia", "novio"), 4.0),
    ],
}
"""Cue patterns and their weight per intent; the best total wins (see `intents.py`)."""

INJECTION = words(r"olvida (?:tus|las|todas tus) (?:reglas|instrucciones)",
                  r"ignora (?:tus|las) (?:reglas|instrucciones)", "system prompt", "prompt",
                  r"eres un (?:modelo|bot)", "actua como", "jailbreak", r"en (?:1|un) peso", "gratis",
                  "regalado", r"ignore (?:your|all|previous) (?:rules|instructions)")
"""Attempts to change the agent's rules or prices: answered firmly, never obeyed."""

ORDINALS: dict[str, int] = {
    "primero": 0, "primer": 0, "primera": 0, "1ro": 0, "1o": 0, "1er": 0, "1": 0,
    "segundo": 1, "segunda": 1, "2do": 1, "2o": 1, "2da": 1, "2": 1,
    "tercero": 2, "tercer": 2, "tercera": 2, "3ro": 2, "3o": 2, "3er": 2, "3ra": 2, "3": 2,
    "cuarto": 3, "cuarta": 3, "4to": 3, "4o": 3, "4ta": 3, "4": 3,
    "quinto": 4, "quinta": 4, "5to": 4, "5o": 4, "5ta": 4, "5": 4,
    "ultimo": -1, "ultima": -1,
}
ORDINAL_REF = re.compile(
    r"(?<![a-z0-9])(?:el|la|del|de la|opcion|numero|num\.?|#)\s*"
    r"(primero|primer|primera|1ro|1o|1er|segundo|segunda|2do|2o|2da|tercero|tercer|tercera|3ro|3o|3er|3ra|"
    r"cuarto|cuarta|4to|4o|4ta|quinto|quinta|5to|5o|5ta|ultimo|ultima|[1-5])(?![a-z0-9])"
    r"(?!\s*(?:%|(?:mil|millon|millones|k|por ciento|anos|meses|pesos|km)\b))"
)
DEMONSTRATIVE_REF = words("ese", "esa", "este", "esta", "ese mismo", "esa misma", "el que me mostraste",
                          "ese carro", "ese auto", "esa camioneta", "eso")

BODY_TYPES: dict[str, re.Pattern[str]] = {
    "pickup": words(r"pick ?ups?", r"trocas?", r"trok(?:a|ita)s?", r"troquita", "camioneta de carga",
                    "doble cabina", "batea", "cabina sencilla"),
    "minivan": words(r"minivans?", r"vans?", "camioneta familiar", "familiar grande"),
    "suv": words(r"suvs?", r"camionet(?:a|as|ita|ota)", "todo terreno", r"crossovers?", "4x4"),
    "hatchback": words(r"hatch(?:back)?s?", "hb", "compacto", "compactos", "5 puertas"),
    "sedan": words(r"sedan(?:es)?", "4 puertas", "cajuela"),
    "coupe": words(r"coupes?", r"cupe", "deportivo", "2 puertas", "convertible"),
}
"""Checked in order: "camioneta de carga" is a pickup before "camioneta" is an SUV."""

TRANSMISSIONS: dict[str, re.Pattern[str]] = {
    "automatic": words(r"automatic[oa]s?", r"automaticos", "transmision automatica", "cvt", "tiptronic",
                       "de paquete", "sin clutch", "aut"),
    "manual": words(r"manual(?:es)?", "estandar", "standard", "std", "de velocidades", "de palanca",
                    r"mecanic[oa]", "con clutch"),
}

FEATURES: dict[str, re.Pattern[str]] = {
    "carplay": words(r"car ?play", r"apple ?car ?play", r"apple car"),
    "android_auto": words("android auto", "android"),
    "bluetooth": words(r"blue?too?th", "blutu", "bluetu", r"blu ?tooth", "bt"),
    "sunroof": words("quemacocos", "sunroof", r"techo (?:solar|panoramico|corredizo)", "qc"),
    "third_row": words("tercera fila", r"(?:7|8|siete|ocho) (?:pasajeros|asientos|lugares|plazas)",
                       r"(?:3|tres) filas"),
}

NEGATION_BEFORE = re.compile(r"(?:\bno\b(?: (?:sea|quiero|me gusta|me gustan))?|\bsin\b|\bnada de\b)\s*(?:\w+\s+)?$")
"""Matches the text just before a value that negates it: "que no sea manual", "sin quemacocos"."""

CORRECTION = words("perdon", "me equivoque", "quise decir", "corrijo", "mas bien", r"no,? mejor",
                   "en realidad", "error", "digo", "rectifico", "me confundi")
MORE_RESULTS = words("mas opciones", "otras opciones", "ver mas", r"muestra(?:me)? mas", "que mas tienes",
                     "siguientes", "otros", "otras", "algo mas", "mas autos", "mas carros", "de nuevo mas")
CLEAR_SLOTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (words("cualquier marca", "sin importar la marca", "la marca que sea", "otra marca",
           "no importa la marca", "la marca no importa"), ("make", "model")),
    (words("cualquier modelo", "otro modelo", "no importa el modelo"), ("model",)),
    (words("cualquier precio", "sin presupuesto", "no importa el precio"), ("budget_min", "budget_max")),
    (words("cualquier transmision", "no importa la transmision", "me da igual la transmision"),
     ("transmission",)),
    (words("cualquier tipo", "no importa el tipo"), ("body_type",)),
    (words("empecemos de nuevo", "nueva busqueda", "reinicia", "empezar de cero", "borra todo",
           "olvida lo anterior"),
     ("budget_min", "budget_max", "make", "model", "year_min", "year_max", "body_type",
      "transmission", "km_max", "features", "stock_id")),
]

CITIES: dict[str, str] = {
    "cdmx": "Ciudad de México", "df": "Ciudad de México", "ciudad de mexico": "Ciudad de México",
    "mexico city": "Ciudad de México", "la capital": "Ciudad de México", "chilangolandia": "Ciudad de México",
    "estado de mexico": "Estado de México", "edomex": "Estado de México", "edo mex": "Estado de México",
    "guadalajara": "Guadalajara", "gdl": "Guadalajara", "zapopan": "Guadalajara", "tlajomulco": "Guadalajara",
    "monterrey": "Monterrey", "mty": "Monterrey", "san pedro": "Monterrey", "san pedro garza garcia": "Monterrey",
    "puebla": "Puebla", "queretaro": "Querétaro", "qro": "Querétaro", "cuernavaca": "Cuernavaca",
    "tlalnepantla": "Tlalnepantla", "coacalco": "Coacalco", "naucalpan": "Naucalpan", "toluca": "Toluca",
    "leon": "León", "merida": "Mérida", "cancun": "Cancún", "tijuana": "Tijuana", "aguascalientes": "Aguascalientes",
    "san luis potosi": "San Luis Potosí", "chihuahua": "Chihuahua", "hermosillo": "Hermosillo",
    "veracruz": "Veracruz", "oaxaca": "Oaxaca", "morelia": "Morelia", "saltillo": "Saltillo",
    "pachuca": "Pachuca", "culiacan": "Culiacán", "mazatlan": "Mazatlán", "acapulco": "Acapulco",
    "torreon": "Torreón", "durango": "Durango", "tampico": "Tampico", "villahermosa": "Villahermosa",
}
CITY_PATTERN = words(*sorted((re.escape(k) for k in CITIES), key=len, reverse=True))

WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
DAY_WORDS = words("hoy", "pasado manana", r"(?<!la )manana", *WEEKDAYS)
TIME_PATTERN = re.compile(
    r"(?<![\d:])(?:a las |a la |tipo |como a las )?(\d{1,2})(?::(\d{2}))?\s*"
    r"(am|pm|a\.m\.|p\.m\.|hrs|horas|h\b|de la manana|de la tarde|de la noche)?(?![\d:])"
)
NAME_PATTERN = re.compile(r"(?:me llamo|mi nombre es|soy)\s+([A-Za-zÁÉÍÓÚÑáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)?)")
STOCK_ID_PATTERN = re.compile(r"(?:stock|id|folio|clave|#|numero de stock)\s*:?\s*#?(\d{4,8})\b")
