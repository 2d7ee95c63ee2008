<?xml version="1.0" encoding="UTF-8"?>
<!-- Attaché: shows an RSS 2.0 or Atom feed as a web page when opened in a browser (feed readers ignore it). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="yes"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <xsl:variable name="self" select="(rss/channel/atom:link[@rel='self'] | atom:feed/atom:link[@rel='self'])[1]/@href"/>
    <xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel='alternate' and @type='text/html']/@href"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="data:,"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body{font-family:system-ui,sans-serif;max-width:60em;margin:auto;padding:1em;line-height:1.45;overflow-wrap:anywhere}
          .note{background:#eef4ff;border:1px solid #b6cdf5;padding:.6em 1em;border-radius:.4em}
          code{word-break:break-all}
          article{border-bottom:1px solid #ddd;padding:.6em 0}
          small{color:#555}
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="$title"/></h1>
        <p class="note">This is a news feed. Subscribe by copying its address into your feed reader:
          <code><xsl:value-of select="$self"/></code>.
          <a href="{$home}">All feeds and search</a>.</p>
        <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
        <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
        <xsl:if test="not(rss/channel/item | atom:feed/atom:entry)"><p>No entries yet.</p></xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <article>
      <h2><a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h2>
      <small>
        <xsl:value-of select="pubDate | atom:published | atom:updated[not(../atom:published)]"/>
        <xsl:for-each select="category[starts-with(., 'party:') or starts-with(., 'kind:')]
                              | atom:category[starts-with(@term, 'party:') or starts-with(@term, 'kind:')]">
          <xsl:text> · </xsl:text><xsl:value-of select=". | @term"/>
        </xsl:for-each>
      </small>
      <p><xsl:value-of select="description | atom:summary"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
