"""Walk the whole URL conf, so the security tests see every view, including ones added later."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern


@dataclass
class Route:
    namespace: str
    name: str
    route: str  # e.g. "unit/entries/<int:pk>/edit/"
    params: dict[str, str] = field(default_factory=dict)  # parameter name -> converter name ("int", "str"...)
    regex: bool = False

    @property
    def qualname(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    @property
    def url(self) -> str:
        return reverse(self.qualname)

    def url_with(self, **kwargs) -> str:
        return reverse(self.qualname, kwargs=kwargs)


def _params(pattern) -> tuple[dict[str, str], bool]:
    if isinstance(pattern, RoutePattern):
        return {name: type(conv).__name__.replace("Converter", "").lower()
                for name, conv in pattern.converters.items()}, False
    regex = pattern.regex
    names = dict.fromkeys(regex.groupindex, "regex")
    # Unnamed groups count as parameters too.
    for i in range(regex.groups - len(regex.groupindex)):
        names[f"_group{i}"] = "regex"
    return names, True


def walk(resolver=None, prefix="", namespace="", inherited=None) -> list[Route]:
    resolver = resolver or get_resolver()
    inherited = dict(inherited or {})
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        params, is_regex = _params(entry.pattern)
        here = inherited | params
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            routes += walk(entry, text, ns, here)
        elif isinstance(entry, URLPattern):
            routes.append(Route(namespace=namespace, name=entry.name or "", route=text, params=here,
                                regex=is_regex or any(v == "regex" for v in inherited.values())))
    return routes
