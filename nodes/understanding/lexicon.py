"""Vocabulary of Mexican WhatsApp Spanish for the rule-based understanding layer.

Every pattern runs on folded text (lower case, no accents), so "automático" and
"automatico" match alike. Patterns are whole-word regexes compiled once.
"""

from __future__ import annotations

import re

from stores.text import fold


def words(*alternatives: str) -> re.Pattern[str]:
    """A whole-word regex for any of `alternatives` (each itself a regex)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


INTENT_CUES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "greeting": [
        (words(r"h?ol+a+s?", "holi", r"buen(?:[oa]s?)? (?:dias?|tardes|noches)", "buenas", "que tal",
               "saludos", "hey", "hi", "hello", "good (?:morning|afternoon)", "que onda", "quiubo",
               "que hubo", "que hay"), 1.0),
    ],
    "thanks_bye": [
        (words("gracias", "grasias", "grax", "thx", "thanks", "thank you", "mil gracias", "muy amable",
               r"(?:te|le|les) agradezco"), 1.2),
        (words("adios", "bye", "hasta luego", "hasta pronto", "nos vemos", "chao", "chau", "eso es todo",
               "es todo", r"luego (?:te|les) (?:escribo|marco|aviso|digo)", "lo voy a pensar", "lo pienso",
               r"lo (?:checo|platico|consulto|comento)", r"(?:te|le|les) (?:aviso|digo) (?:luego|despues)",
               "hasta manana", "cuidate", "ahorita no", "por ahora no", "ya no gracias", "see you",
               "goodbye"), 1.6),
    ],
    "handoff": [
        (words(r"asesor(?:a|es)?", "humano", r"persona (?:real|de verdad)", r"una persona", r"agente",
               r"hablar con (?:alguien|una persona|un asesor|un humano|tu jefe|un encargado)",
               r"pasa(?:me)? con", r"comunica(?:me)? con", r"manda(?:me)? con", r"me (?:atienda|atiende) (?:alguien|una persona)",
               r"alguien (?:que|q) (?:sepa|me explique|me ayude|me atienda)", "ejecutivo", r"vendedor(?:a)?",
               r"llam(?:ame|enme|arme|arles|ada)", r"marc(?:ame|arme|ar)", r"marqu(?:enme|en|e)",
               r"(?:me )?(?:pueden|puedes|podrian|podrias) (?:llamar|marcar|contactar|hablar)",
               r"pasa(?:me)? (?:a|con) (?:alguien|un|una)", r"me (?:llaman|marcan|hablan)", r"por telefono",
               r"alguien (?:me|nos) (?:marque|llame|contacte|atienda|explique)", "queja", "gerente", "supervisor", "encargado", "jefe", r"eres (?:un )?(?:robot|bot)",
               "contactar a alguien", "atencion a clientes", r"real person", r"(?:talk|speak) to", "human"), 3.0),
    ],
    "book_appointment": [
        (words("cita", r"agend(?:ar|a|o|ame|emos)", r"visit(?:a|ar|arlos|arlo|arla)",
               r"ir a ver(?:lo|la|los)?", r"pasar a ver(?:lo|la)?", r"puedo (?:pasar|ir|llegar)",
               r"(?:paso|voy|vamos|iria|pasaria) (?:a verlo|a verla|hoy|manana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo))",
               "prueba de manejo", r"manejar(?:lo|la)", r"(?:lo|la) (?:quiero|puedo) (?:manejar|probar|ver)", r"test ?drive", r"ver(?:lo|la) en persona",
               r"apart(?:ar|arlo|arla|o|an|enlo|amelo)", r"me lo apart\w*", r"conocer(?:lo|la)",
               r"probar(?:lo|la)", "ir a la sucursal", "entre semana", "fin de semana", "appointment",
               r"(?:chance|oportunidad) de (?:verlo|verla|ir|pasar|probarlo|probarla)", r"ver(?:lo|la) (?:hoy|manana|el)",
               r"cuando (?:podemos|puedo|podria) (?:ir|pasar|verlo|verla)",
               "schedule a visit"), 3.0),
    ],
    "company_info": [
        (words("garantia", "warranty", r"devoluci(?:on|ones)", r"devol\w+", r"regres(?:ar|arlo|arla|o|an)",
               r"dias de prueba", "periodo de prueba", r"(?:dura|duran|es|son) (?:la|el) (?:prueba|garantia)",
               r"a (?:que|q) hora (?:abren|cierran)", r"(?:abren|cierran|abierto) (?:el|los|en|hoy|manana)",
               r"(?:incluye|incluyen|con|y el|trae|tiene) seguro",
               r"tienen (?:algo|oficina|oficinas|lugar|sucursal|sede|agencia|tienda) (?:en|por)(?! \d)",
               r"(?:a|hasta) mi casa", r"me (?:lo|la) (?:pueden |puedes )?(?:llevar|traer|llevan|traen)",
               r"como (?:se|saber|sabes|puedo saber) (?:que|si)", "que es kavak",
               r"telefonos?", r"bolsas? de aire", "airbags?", r"numero de (?:telefono|contacto)", r"(?:7|siete) dias", "300 km", r"certificad[oa]s?",
               "certificacion", r"inspecci\w+", r"sucursal(?:es)?", r"sedes?", r"agencias?",
               r"donde (?:estan|se ubican|quedan|los encuentro|tienen|puedo ver|se encuentran)",
               r"ubicad[oa]s", r"ubicacion(?:es)?", "direccion", r"horarios?", "documentos", "papeles",
               "papeleria", "requisitos", r"tramites?", "factura", r"refacturad[oa]", r"tenencias?",
               r"a cuenta", r"me (?:lo|la) (?:reciben|toman|compran)", r"en cuanto me (?:lo|la)",
               r"(?:el|un|de|del) seguro", r"revision\w*", r"que pasa si", r"(?:sale|salga) fallando", r"fallas?", "parte de pago", r"toma(?:n)? (?:mi|el|autos|carros)",
               r"cuanto me dan por", r"me (?:lo|la) compran", r"vender (?:mi|un|el) (?:auto|carro|coche|nave)",
               r"compran (?:autos|carros|coches)", "app", "aplicacion", "kavak", "quienes son",
               "como funciona", r"como (?:le hago para )?compr(?:o|ar)", "seguro de auto", "aseguradora",
               r"comision(?:es)?", "cat", "a domicilio", r"envi(?:os|an|o)", "otros estados", "confiable",
               r"confiar", "en linea", "videollamada", "mantenimiento", "kavak total", r"consignaci\w+",
               "unicornio", "es seguro comprar", r"proceso de compra", "marketplace", "por que con ustedes"), 3.0),
    ],
    "financing": [
        (words(r"financ\w*", r"finans\w*", r"finac\w*", r"credit\w*", r"mensualidad(?:es)?", "a meses", "enganche", r"plazos?",
               r"a pagos", r"pagos? (?:mensual(?:es)?|chiquitos|fijos)", r"cuanto (?:pagaria|quedaria|saldria|seria|queda)",
               r"interes(?:es)?", "tasa", "al mes", r"mensual(?:es)?", "amortizacion", "tabla de pagos", r"cuotas?",
               r"pagarlo (?:en|a)", r"a (?:3|4|5|6|tres|cuatro|cinco|seis) anos", r"(?:36|48|60|72) meses",
               "down payment", "monthly", "loan", "installments", "finance", r"aproba\w*", r"aprueb\w*",
               "buro", r"historial (?:crediticio|de credito)", r"(?:a )?cuantos anos", r"que plazos?"), 2.5),
    ],
    "car_details": [
        (words(r"mas (?:info|informacion|detalles|datos|fotos)", "detalles", "caracteristicas", r"ficha(?: tecnica)?",
               r"fotos?", "imagenes", "video", "cuantos km", "cuantos kilometros", "cuanto kilometraje", "que version",
               "equipamiento", "cuentame mas", "dime mas", "especificaciones", "que trae", "que tal esta",
               r"me (?:interesa|gusta|late|laten) (?:el|la|ese|esa|este|esta)", "color", "en que estado",
               r"chocad[oa]", r"choques?", "duenos", r"sigue disponible", "todavia lo tienen", "aun lo tienen",
               "motor", "interior", "llantas", "precio final", r"de (?:que|q) ano es", r"porq?(?:ue)? tan barat[oa]",
               "mileage", "details", r"que me (?:mandaste|enviaste|pasaste|mostraste)", r"cons?ume", "consumo",
               "rendimiento", r"gasolina", r"precio\?"), 2.5),
    ],
    "search_cars": [
        (words("busco", "buscando", "ando buscando", "quiero", "quisiera", "me interesa",
               "tienes", "tienen", "hay", "manejan", "opciones", r"muestra(?:me)?", r"ensena(?:me)?",
               r"autos?", r"carros?", r"coches?", r"camionetas?", r"trocas?", r"naves?", "vehiculo",
               "presupuesto", "economico", "barato", r"recomienda(?:s|n)?", "recomendacion",
               "mas opciones", "otras opciones", "ver mas", "algo", "necesito", "ocupo",
               "disponibles", "inventario", "catalogo", r"seminuevos?", "looking for", r"cars?", "used"), 1.0),
    ],
    "out_of_scope": [
        (words("clima", "futbol", "receta", "chiste", "politica", "presidente", "tarea", "bitcoin",
               "pelicula", "cancion", "novia", "novio", r"rent(?:a|an|ar)", "alquiler", "grua",
               r"talleres? (?:mecanicos?|de)", r"verificaci\w+",
               "refacciones", r"prest(?:as|ame|amo)", "weather"), 2.0),
    ],
}
"""Cue patterns and their weight per intent; the best total wins (see `intents.py`)."""

AFFIRMATION = words("si", "sip", "simon", "va", "vale", "ok", "okay", "sale", "dale", "claro", "perfecto",
                    "de acuerdo", "esta bien", "andale", "yes", "sure", "orale", "por favor")
"""A bare yes continues whatever the agent just offered or asked."""

IDENTITY_QUESTION = words(r"eres (?:un |una )?(?:bot|robot|humano|humana|persona|maquina|ia|inteligencia artificial|real)",
                          r"hablo con (?:un |una )?(?:bot|robot|persona|humano|maquina)", "are you (?:a )?(?:bot|human|real)")
"""Asking whether the agent is a person: answered honestly, whatever else the message asks."""

INJECTION = words(r"olvida (?:tus|las|todas tus|todas las) (?:reglas|instrucciones)",
                  r"ignora (?:tus|las|todas las|todas tus) (?:reglas|instrucciones)", "system prompt", "prompt",
                  r"eres un (?:modelo|bot) de lenguaje", "actua como", "hazte pasar", "finge que", "jailbreak",
                  "modo desarrollador", "developer mode", r"precios? internos?", r"sistema:", r"system\s*:", "administrador",
                  r"datos de (?:todos )?(?:los )?clientes", r"en (?:1|un) peso",
                  "gratis", "regalado", r"apruebame", r"ignore (?:your|all|previous|the) (?:rules|instructions)",
                  "pretend")
"""Attempts to change the agent's rules or prices: answered firmly, never obeyed."""

ORDINALS: dict[str, int] = {
    "primero": 0, "primer": 0, "primera": 0, "1ro": 0, "1o": 0, "1er": 0, "1": 0,
    "segundo": 1, "segunda": 1, "2do": 1, "2o": 1, "2da": 1, "2": 1,
    "tercero": 2, "tercer": 2, "tercera": 2, "3ro": 2, "3o": 2, "3er": 2, "3ra": 2, "3": 2,
    "cuarto": 3, "cuarta": 3, "4to": 3, "4o": 3, "4ta": 3, "4": 3,
    "quinto": 4, "quinta": 4, "5to": 4, "5o": 4, "5ta": 4, "5": 4,
    "ultimo": -1, "ultima": -1, "penultimo": -2, "penultima": -2,
    "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1,
}
ORDINAL_REF = re.compile(
    r"(?<![a-z0-9])(?:el|la|del|de la|opcion|numero|num\.?|#|the)\s*"
    r"(primero|primer|primera|1ro|1o|1er|segundo|segunda|2do|2o|2da|tercero|tercer|tercera|3ro|3o|3er|3ra|"
    r"cuarto|cuarta|4to|4o|4ta|quinto|quinta|5to|5o|5ta|ultimo|ultima|penultimo|penultima|"
    r"first|second|third|fourth|fifth|last|[1-5])"
    r"(?![a-z0-9])"
    r"(?!\s*(?:%|(?:mil|millon|millones|k|por ciento|anos|meses|pesos|km)\b))"
)
PICKS = {"barato": "cheapest", "barata": "cheapest", "economico": "cheapest", "economica": "cheapest",
         "caro": "priciest", "cara": "priciest", "nuevo": "newest", "nueva": "newest", "reciente": "newest",
         "kilometraje": "least_km", "recorrido": "least_km"}
PICK_PATTERN = re.compile(r"\b(?:el|la) (?:mas|de menos) (barat[oa]|economic[oa]|car[oa]|nuev[oa]|reciente|kilometraje|recorrido)\b")
"""Choosing among the cars just listed by a property: "el más barato", "la más nueva"."""
FUEL_WORDS = words(r"electric[oa]s?", r"hibrid[oa]s?", r"diesel", "ev", "hybrid", "electric", r"gasolina")
"""Engine types: not a search filter the catalog supports, so the reply says so."""

SIMILAR = words(r"parecid[oa]s?", r"similar(?:es)?", r"algo (?:asi|parecido)", r"(?:del|de ese|por el) estilo",
                r"(?:tipo|como) (?:ese|esa|este|esta)", r"(?:otr[oa]s?) (?:asi|igual(?:es)?)", "similar ones",
                "like that one", "like this one")
"""Cars like the one in focus (same kind of car), not that one again."""
CHEAPER = words(r"mas barat\w*", r"mas economic\w*", r"menos car[oa]s?", r"mas accesibles?", "de menor precio",
                "cheaper", r"que cueste(?:n)? menos", r"que salga(?:n)? (?:mas )?menos")
"""Cheaper than the car in focus or those just listed: a price relative to them, not an amount."""

COMPARISON = words(r"(?:cual|cuales|which)\b.{0,30}\b(?:mas|menos|mejor|more|less|better)\b", r"compar\w*", "vs",
                   "versus", r"diferencias? entre", r"entre (?:el|la|los|las) \w+ (?:y|o) (?:el|la|los|las)")
"""Two cars weighed against each other: "¿cuál tiene menos km?", "compárame", "el X vs el Y"."""

RECOMMEND_PATTERN = words(r"(?:cual|que|cuales) (?:me )?(?:recomiendas|recomiendan|recomendarias|conviene|sugieres)",
                          r"cual es (?:el |la )?mejor", r"cual (?:escoges|escogerias|elegirias|te late mas)",
                          r"which (?:one )?(?:do you )?recommend")
"""Asking for a recommendation among the cars just listed: answered by year and kilometres, said so."""

UNKNOWN_CAR_FACTS: dict[str, re.Pattern[str]] = {
    "consumption": words(r"consum\w*", "rendimiento", r"gasolina", r"km por litro", "mileage per"),
    "color": words(r"colou?r(?:es)?", r"roj[oa]", r"blanc[oa]", r"negr[oa]", r"gris", r"azul", r"plata"),
    "owners": words(r"duenos?", r"propietarios?"),
    "accidents": words(r"chocad[oa]", r"choques?", r"accidentes?", r"golpes?"),
    "service_history": words(r"servicios? (?:de agencia|al corriente)", r"historial de servicio\w*", r"bitacora"),
    "safety": words(r"bolsas? de aire", "airbags?", "abs", "camara de reversa", "sensores"),
    "drive": words("4x4", "4x2", r"traccion(?: (?:doble|integral|delantera|trasera))?", "awd", "4wd", "doble traccion"),
    "cab": words("doble cabina", "cabina sencilla", "cabina doble", "media cabina", "cabina y media"),
    "invoice": words(r"factura(?: original| de agencia)?", r"refacturad[oa]"),
}
"""Car facts the catalog does not have: the details reply says so instead of guessing."""

POSITION_REF = {"arriba": 0, "hasta arriba": 0, "abajo": -1, "hasta abajo": -1}
POSITION_PATTERN = re.compile(r"\b(?:el|la) de (hasta arriba|hasta abajo|arriba|abajo)\b")
DEMONSTRATIVE_REF = words("ese", "esa", "este", "esta", "ese mismo", "esa misma", "el que me mostraste",
                          "ese carro", "ese auto", "esa camioneta", "eso")

BODY_TYPES: dict[str, re.Pattern[str]] = {
    "pickup": words(r"pick ?ups?", r"trocas?", r"trok(?:a|ita)s?", r"troquita", "camioneta de carga",
                    "doble cabina", "batea", "cabina sencilla"),
    "minivan": words(r"minivans?", r"vans?", "camioneta familiar", "familiar grande"),
    "suv": words(r"suvs?", r"camionet(?:a|as|ita|ota)", "todo terreno", r"crossovers?"),
    "hatchback": words(r"hatch(?:back)?s?", "hb", "compacto", "compactos", "5 puertas"),
    "sedan": words(r"sedan(?:es)?", "4 puertas", "cajuela"),
    "coupe": words(r"coupes?", r"cupe", "deportivo", "2 puertas", "convertible"),
}
"""Checked in order: "camioneta de carga" is a pickup before "camioneta" is an SUV."""

TRANSMISSIONS: dict[str, re.Pattern[str]] = {
    "automatic": words(r"automatic[oa]s?", r"automaticos", "automatic", "transmision automatica", "cvt", "tiptronic",
                       "de paquete", "sin clutch", "aut"),
    "manual": words(r"manual(?:es)?", "estandar", "standard", "std", "de velocidades", "de palanca", "con clutch",
                    "de cambios"),
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

LOCATION_QUESTION = words(r"sucursal(?:es)?", r"sedes?", r"agencias?", r"donde", r"ubicad[oa]s", r"ubicacion(?:es)?",
                          "direccion", r"horarios?", "a que hora", r"abren", r"cierran", r"tienen (?:algo|oficina|lugar) en",
                          r"oficinas?", r"tiendas?", r"centros? de inspeccion", "en que ciudades", "cerca de")
"""A question about places or opening hours: answered from the locations documents."""

FINANCING_QUESTION = words(r"tasa", r"interes(?:es)?", r"(?:manejan|dan|tienen|hay|ofrecen|aceptan) "
                           r"(?:credito|financiamiento|planes|buro)", "buro", r"historial", r"requisitos",
                           r"aproba\w*", r"aprueb\w*", r"como funciona", r"que plazos", r"cuantos anos",
                           r"pasos", r"cuanto (?:tarda|tardan|se tardan)", r"papeles", r"documentos?", r"papeleria",
                           r"(?:que|cuales) (?:piden|necesito|ocupo|requieren)")
"""A question about how financing works (answered from the knowledge base), not a calculation."""

OWN_CAR = words(r"tengo (?:un|una)(?= (?!presupuesto|enganche))", r"mi (?:carro|auto|coche|nave|camioneta|troca|vehiculo)",
                r"el mio", r"la mia", r"(?:vender|venderles|vendo) (?:mi|un|el)",
                r"(?:reciben|toman|aceptan|compran|agarran|cotizan|reciban|tomen) (?:mi|mis)",
                r"(?:me dan|dan|darian|pagan|pagarian) por (?:mi|el mio|la mia)",
                r"mi \w+(?: \w+)?(?: \d{2,4})? (?:a cuenta|como (?:enganche|pago|parte))")
"""The buyer talks about a car they own (to sell or trade in), not one they want."""

SEARCH_REQUEST = words("busco", r"(?:ando|estoy|estamos) buscando", "necesito", "ocupo", r"quiero (?!vender)",
                       r"quisiera (?!vender)", r"me interesa")
"""Asking for a car: a message that also mentions the buyer's own car is still a search."""

HOURS_QUESTION = words(r"horarios?", r"a (?:que|q) hora", r"abren", r"cierran", r"abiert[oa]s?", "hours", "open")

UNKNOWN_FACTS: dict[str, re.Pattern[str]] = {
    "insurance": words(r"seguros?(?! comprar)", "aseguradora", "poliza"),
    "fees": words(r"comision(?:es)?", r"cargos? extra", "costos ocultos", "gastos de apertura", "apertura"),
    "cat": words("cat", "costo anual total"),
    "phone": words(r"telefonos?", r"numero de (?:telefono|contacto)", r"whatsapp de", "correo", "email", "mail"),
    "safety": words(r"bolsas? de aire", "airbags?", "frenos abs", "estrellas ncap", "ncap", "crash test"),
    "prices_of_services": words(r"cuanto cuesta (?:el|la) (?:mantenimiento|servicio|kavak total|garantia|extension)",
                                r"precio de (?:el|la)? ?(?:mantenimiento|servicio|kavak total|extension)"),
}
"""Things the knowledge base does not say: answered with an honest "no tengo ese dato" and an advisor."""

CITIES: dict[str, str] = {
    "cdmx": "Ciudad de México", "df": "Ciudad de México", "ciudad de mexico": "Ciudad de México",
    "mexico city": "Ciudad de México", "chilangolandia": "Ciudad de México",
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
CITIES.update({key: name for name in (
    "Mexicali", "Ecatepec", "Nezahualcóyotl", "Ciudad Juárez", "Chimalhuacán", "Ensenada", "Los Cabos", "Campeche",
    "Tuxtla Gutiérrez", "Xalapa", "Irapuato", "Celaya", "Salamanca", "Zacatecas", "Tepic", "Colima", "Manzanillo",
    "Tlaxcala", "Reynosa", "Matamoros", "Nuevo Laredo", "Monclova", "Ciudad Obregón", "Los Mochis", "Puerto Vallarta",
    "Playa del Carmen", "Chetumal", "Coatzacoalcos", "Córdoba", "Orizaba", "Poza Rica", "Uruapan", "Tehuacán",
    "Atlixco", "Tapachula", "Apodaca", "Metepec", "Cuautitlán", "Cuautitlán Izcalli",
    "Huixquilucan", "Atizapán", "Texcoco", "Ixtapaluca", "Chalco", "Tecámac", "Zumpango", "Ciudad Victoria",
    "San Juan del Río", "Lagos de Moreno", "Silao", "Fresnillo", "Navojoa", "Guaymas", "Nogales",
    "Piedras Negras", "Ciudad del Carmen", "Tulancingo", "San Miguel de Allende", "Guanajuato", "Cholula",
    "Tuxpan", "Zamora", "Chilpancingo", "Cuautla", "Temixco")
    for key in {fold(name), fold(name).replace("ciudad ", "cd ")}})
CITIES.update({"tj": "Tijuana", "neza": "Nezahualcóyotl", "cd juarez": "Ciudad Juárez",
               "tlaquepaque": "Guadalajara", "tonala": "Guadalajara", "jiutepec": "Cuernavaca", "cholula": "Puebla",
               "cuerna": "Cuernavaca", "izcalli": "Cuautitlán Izcalli",
               "tuxtla": "Tuxtla Gutiérrez", "jalapa": "Xalapa", "xalapa": "Xalapa",
               "la capital": "Ciudad de México", "monterey": "Monterrey",
               "qeretaro": "Querétaro", "guanatos": "Guadalajara", "la perla tapatia": "Guadalajara"})
"""More cities buyers name, with their usual spelling (a location exists only in some: the knowledge base says);
suburbs of a city with a location count as that city. Names that are also streets or boroughs in the locations'
addresses ("Obregón", "Juárez", "Vallarta") are matched only in full ("Ciudad Obregón")."""
CITY_PATTERN = words(*sorted((re.escape(k) for k in CITIES), key=len, reverse=True))

STOCK_ID_PATTERN = re.compile(r"(?:stock|id|folio|clave|#|numero de stock)\s*:?\s*#?(\d{4,8})\b")
