from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_rate_sheet_format import ExportRateSheetFormat
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    sheet_id: str,
    *,
    format_: ExportRateSheetFormat | Unset = ExportRateSheetFormat.CSV,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/rate-sheets/{sheet_id}/export".format(
            sheet_id=quote(str(sheet_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    sheet_id: str,
    *,
    client: AuthenticatedClient,
    format_: ExportRateSheetFormat | Unset = ExportRateSheetFormat.CSV,
) -> Response[File | Problem]:
    """A rate sheet as a CSV or YAML file (admin)

     Roles: `admin`.

    Args:
        sheet_id (str):
        format_ (ExportRateSheetFormat | Unset): csv or yaml Default: ExportRateSheetFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        sheet_id=sheet_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    sheet_id: str,
    *,
    client: AuthenticatedClient,
    format_: ExportRateSheetFormat | Unset = ExportRateSheetFormat.CSV,
) -> File | Problem | None:
    """A rate sheet as a CSV or YAML file (admin)

     Roles: `admin`.

    Args:
        sheet_id (str):
        format_ (ExportRateSheetFormat | Unset): csv or yaml Default: ExportRateSheetFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        sheet_id=sheet_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    sheet_id: str,
    *,
    client: AuthenticatedClient,
    format_: ExportRateSheetFormat | Unset = ExportRateSheetFormat.CSV,
) -> Response[File | Problem]:
    """A rate sheet as a CSV or YAML file (admin)

     Roles: `admin`.

    Args:
        sheet_id (str):
        format_ (ExportRateSheetFormat | Unset): csv or yaml Default: ExportRateSheetFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        sheet_id=sheet_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    sheet_id: str,
    *,
    client: AuthenticatedClient,
    format_: ExportRateSheetFormat | Unset = ExportRateSheetFormat.CSV,
) -> File | Problem | None:
    """A rate sheet as a CSV or YAML file (admin)

     Roles: `admin`.

    Args:
        sheet_id (str):
        format_ (ExportRateSheetFormat | Unset): csv or yaml Default: ExportRateSheetFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            sheet_id=sheet_id,
            client=client,
            format_=format_,
        )
    ).parsed
